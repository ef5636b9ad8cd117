"""msebook's image metrics against scikit-image, their properties, and their errors on
bad input.
"""

import math
import re
import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from hypothesis_profiles import examples
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from msebook import ms_ssim, psnr, ssim
from msebook.images import MS_SSIM_BETAS


def _image_pair(seed, shape, dtype, *, signed=False):
    """A random image and a noisy copy of it, both of ``dtype``, covering most of the
    dtype's range.
    """
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        clean = rng.random(shape) < 0.5
        flips = rng.random(shape) < 0.2
        return clean, clean ^ flips
    if dtype.kind == "f":
        low = -1.0 if signed else 0.0
        clean = rng.uniform(low, 1.0, size=shape)
        noisy = np.clip(clean + rng.normal(0, 0.1, size=shape), low, 1.0)
        return clean.astype(dtype), noisy.astype(dtype)
    info = np.iinfo(dtype)
    low = max(int(info.min), -(2**20)) if signed else 0
    high = min(int(info.max), 2**20)
    clean = rng.integers(low, high, size=shape, endpoint=True)
    noisy = np.clip(
        clean + rng.integers(-(high - low) // 8, (high - low) // 8, size=shape),
        low,
        high,
    )
    return clean.astype(dtype), noisy.astype(dtype)


# ---------------------------------------------------------------- PSNR


@pytest.mark.parametrize(
    "dtype",
    [
        np.uint8,
        np.uint16,
        np.int16,
        np.int32,
        np.int64,
        np.float32,
        np.float64,
        np.bool_,
    ],
)
@pytest.mark.parametrize("shape", [(40,), (24, 31), (9, 10, 3)])
@pytest.mark.parametrize("signed", [False, True])
@pytest.mark.parametrize("data_range", [None, 7.5])
def test_psnr_matches_scikit_image(dtype, shape, signed, data_range):
    for seed in range(4):
        image_true, image_test = _image_pair(seed, shape, dtype, signed=signed)
        if (
            dtype is np.int64 and data_range is None
        ):  # a deliberate difference: no guess from int64's range
            with pytest.raises(
                ValueError, match="the images are int64 .* pass data_range"
            ):
                psnr(image_true, image_test)
            continue
        got = psnr(image_true, image_test, data_range=data_range)
        assert type(got) is float
        expected = peak_signal_noise_ratio(
            image_true, image_test, data_range=data_range
        )
        if np.dtype(dtype) != np.float32:
            assert got == pytest.approx(expected, rel=1e-12)
        else:
            # scikit-image keeps float32 in float32, msebook computes in float64: the
            # exact reference gets float64 copies and the range the float32 default
            # gives (1, or 2 with negatives).
            assert got == pytest.approx(expected, rel=1e-5)
            same_range = (
                data_range if data_range is not None else (2.0 if signed else 1.0)
            )
            expected = peak_signal_noise_ratio(
                image_true.astype(np.float64),
                image_test.astype(np.float64),
                data_range=same_range,
            )
            assert got == pytest.approx(expected, rel=1e-12)


def test_psnr_edge_cases_match_scikit_image():
    cases = [
        (
            np.array([[0, 255]], dtype=np.uint8),
            np.array([[255, 0]], dtype=np.uint8),
            None,
        ),  # worst case: 0 dB
        (np.full((3, 3), 7, dtype=np.uint8), np.full((3, 3), 9, dtype=np.uint8), None),
        (np.array([0.5]), np.array([0.25]), None),
        (
            np.array([[-1.0, 1.0]]),
            np.array([[1.0, -1.0]]),
            None,
        ),  # negative float: range 2
        (np.array([[True, False]]), np.array([[False, False]]), None),
        (np.array([1e-150, 2e-150]), np.zeros(2), 1e-150),
        (
            np.arange(12, dtype=np.int64).reshape(3, 4),
            np.zeros((3, 4), dtype=np.int64),
            11,
        ),
    ]
    for image_true, image_test, data_range in cases:
        expected = peak_signal_noise_ratio(
            image_true, image_test, data_range=data_range
        )
        assert psnr(image_true, image_test, data_range=data_range) == pytest.approx(
            expected, rel=1e-12
        )
    assert psnr([[0, 255]], [[255, 0]], data_range=255) == 0.0


@pytest.mark.parametrize(
    "dtype", [np.uint8, np.uint16, np.int32, np.float32, np.float64, np.bool_]
)
def test_psnr_of_identical_images_is_infinite(dtype):
    image, _ = _image_pair(3, (8, 8), dtype)
    assert psnr(image, image) == math.inf
    assert psnr(image, image.copy(), data_range=3.0) == math.inf
    constant = np.zeros((4, 4), dtype=dtype)
    assert psnr(constant, constant) == math.inf


def test_psnr_uses_the_data_range_not_the_largest_value():
    image_true = np.array([[0, 10], [20, 30]], dtype=np.uint8)
    image_test = image_true + np.uint8(1)
    assert psnr(image_true, image_test) == pytest.approx(
        20 * math.log10(255), rel=1e-12
    )  # MSE = 1, MAX = 255
    assert psnr(image_true, image_test, data_range=30) == pytest.approx(
        20 * math.log10(30), rel=1e-12
    )


# ---------------------------------------------------------------- SSIM


def _assert_ssim_matches(image1, image2, rtol=1e-12, atol=1e-12, **options):
    got, got_map = ssim(image1, image2, full=True, **options)
    expected, expected_map = structural_similarity(image1, image2, full=True, **options)
    assert type(got) is float
    assert got == pytest.approx(float(expected), rel=rtol, abs=atol)
    assert (
        isinstance(got_map, np.ndarray)
        and got_map.dtype == np.float64
        and got_map.shape == image1.shape
    )
    np.testing.assert_allclose(got_map, expected_map, rtol=rtol, atol=atol)
    assert ssim(image1, image2, **options) == got


SHAPES_AND_AXES = [
    ((32, 29), None),
    ((20, 23, 3), -1),
    ((3, 21, 18), 0),
    ((12, 13, 14), None),
    ((40,), None),
]


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int32, np.float64, np.bool_])
@pytest.mark.parametrize(
    "shape, channel_axis",
    SHAPES_AND_AXES,
    ids=["2d", "rgb-last", "rgb-first", "3d", "1d"],
)
@pytest.mark.parametrize("gaussian_weights", [False, True])
@pytest.mark.parametrize("win_size", [None, 3, 9])
def test_ssim_matches_scikit_image(
    dtype, shape, channel_axis, gaussian_weights, win_size
):
    # scikit-image guesses a range only for uint8 and bool without a warning; the others
    # get one.
    given_ranges = {
        np.uint8: None,
        np.bool_: None,
        np.uint16: 65535,
        np.int32: 2**20,
        np.float64: 1.0,
    }
    data_range = given_ranges[dtype]
    for seed in range(2):
        image1, image2 = _image_pair(seed, shape, dtype)
        _assert_ssim_matches(
            image1,
            image2,
            win_size=win_size,
            data_range=data_range,
            channel_axis=channel_axis,
            gaussian_weights=gaussian_weights,
        )


def test_ssim_of_float32_images_is_computed_in_float64():
    image1, image2 = _image_pair(5, (30, 30), np.float32)
    got = ssim(image1, image2, data_range=1.0)
    assert got == pytest.approx(
        float(structural_similarity(image1, image2, data_range=1.0)), rel=1e-5
    )
    exact = structural_similarity(
        image1.astype(np.float64), image2.astype(np.float64), data_range=1.0
    )
    assert got == pytest.approx(float(exact), rel=1e-12)


@pytest.mark.parametrize(
    "options",
    [
        {"K1": 0.05, "K2": 0.1},
        {"K1": 0.0, "K2": 0.0},
        {"use_sample_covariance": False},
        {"gaussian_weights": True, "sigma": 0.8},
        {"gaussian_weights": True, "sigma": 2.5, "use_sample_covariance": False},
        {
            "gaussian_weights": True,
            "sigma": 2.0,
            "win_size": 5,
        },  # the filter is wider than win_size
        {"sigma": 4.0},  # sigma means nothing without Gaussian weights
        {"win_size": 5, "data_range": 100},
    ],
)
def test_ssim_options_match_scikit_image(options):
    image1, image2 = _image_pair(11, (26, 24, 3), np.uint8)
    _assert_ssim_matches(image1, image2, channel_axis=2, **options)
    _assert_ssim_matches(image1[..., 0], image2[..., 0], **options)


@pytest.mark.parametrize(
    "shape, options",
    [
        ((7, 7), {}),  # the window fills the image: one pixel is averaged
        (
            (3, 3),
            {"win_size": 3, "gaussian_weights": True},
        ),  # the Gaussian reaches past the image twice over
        ((3, 40), {"win_size": 3}),
        ((5, 6, 2), {"win_size": 5, "channel_axis": -1}),
        ((11, 11), {"gaussian_weights": True}),
    ],
)
def test_ssim_small_images_match_scikit_image(shape, options):
    image1, image2 = _image_pair(2, shape, np.uint8)
    _assert_ssim_matches(image1, image2, **options)


def test_ssim_of_constant_images_matches_scikit_image():
    flat = np.full((10, 10), 100, dtype=np.uint8)
    _assert_ssim_matches(flat, flat)
    assert ssim(flat, flat) == 1.0
    _assert_ssim_matches(flat, np.full((10, 10), 120, dtype=np.uint8))
    # Two flat images compare only by their means: (2ab + C1) / (a^2 + b^2 + C1).
    c1 = (0.01 * 255) ** 2
    expected = (2 * 100 * 120 + c1) / (100**2 + 120**2 + c1)
    assert ssim(flat, np.full((10, 10), 120, dtype=np.uint8)) == pytest.approx(
        expected, rel=1e-14
    )
    _assert_ssim_matches(np.zeros((8, 8)), np.zeros((8, 8)), data_range=1.0)
    image, _ = _image_pair(4, (10, 10), np.uint8)
    _assert_ssim_matches(image, flat)


@pytest.mark.parametrize("channel_axis", [0, 1, 2, -1, -3])
def test_ssim_channel_axis_averages_the_channels(channel_axis):
    image1, image2 = _image_pair(6, (12, 14, 13), np.uint8)
    value, ssim_map = ssim(
        image1, image2, channel_axis=channel_axis, win_size=5, full=True
    )
    channels = [
        ssim(
            np.take(image1, k, axis=channel_axis),
            np.take(image2, k, axis=channel_axis),
            win_size=5,
        )
        for k in range(image1.shape[channel_axis])
    ]
    assert value == pytest.approx(np.mean(channels), rel=1e-14)
    assert ssim_map.shape == image1.shape
    _assert_ssim_matches(image1, image2, channel_axis=channel_axis, win_size=5)


def test_ssim_accepts_lists_and_mixed_dtypes_with_a_data_range():
    image1, image2 = _image_pair(8, (9, 9), np.uint8)
    expected = ssim(image1, image2)
    assert ssim(image1.tolist(), image2.tolist(), data_range=255) == pytest.approx(
        expected, rel=1e-14
    )
    assert ssim(image1, image2.astype(np.float64), data_range=255) == pytest.approx(
        expected, rel=1e-14
    )
    assert psnr(image1, image2.astype(np.int16), data_range=255) == pytest.approx(
        psnr(image1, image2), rel=1e-14
    )


# ---------------------------------------------------------------- properties

small_images = arrays(
    np.float64,
    st.tuples(st.integers(7, 12), st.integers(7, 12)),
    elements=st.floats(0, 1, allow_nan=False, allow_subnormal=False),
)


@settings(max_examples=examples(60))
@given(small_images, st.integers(0, 2**32 - 1), st.booleans())
def test_ssim_is_symmetric_bounded_and_one_on_identical_images(
    image, seed, gaussian_weights
):
    other = np.random.default_rng(seed).random(image.shape)
    options = {
        "data_range": 1.0,
        "win_size": 7 if not gaussian_weights else 5,
        "gaussian_weights": gaussian_weights,
    }
    forward, backward = ssim(image, other, **options), ssim(other, image, **options)
    assert forward == backward
    assert -1 <= forward <= 1 + 1e-12
    assert ssim(image, image, **options) == 1.0


@settings(max_examples=examples(60))
@given(small_images, st.floats(0.01, 100))
def test_ssim_is_unchanged_when_images_and_range_scale_together(image, scale):
    other = np.flipud(image)
    assert ssim(image * scale, other * scale, data_range=scale) == pytest.approx(
        ssim(image, other, data_range=1.0), rel=1e-9, abs=1e-9
    )


@settings(max_examples=examples(60))
@given(small_images, st.integers(0, 2**32 - 1), st.floats(0.1, 1000))
def test_psnr_is_mse_in_decibels_and_falls_as_noise_grows(image, seed, data_range):
    noise = np.random.default_rng(seed).normal(size=image.shape)
    assert psnr(image, image) == math.inf
    values = [
        psnr(image, image + level * noise, data_range=data_range)
        for level in (1e-3, 1e-2, 1e-1, 1.0)
    ]
    assert all(earlier > later for earlier, later in zip(values, values[1:]))
    error = np.mean(noise**2)  # the mean squared error of image + noise
    assert values[-1] == pytest.approx(
        10 * math.log10(data_range**2 / error), rel=1e-12
    )
    assert psnr(image + noise, image, data_range=data_range) == pytest.approx(
        values[-1], rel=1e-12
    )


# ---------------------------------------------------------------- bad input

GRAY = np.zeros((8, 8), dtype=np.uint8)
FLOAT = np.zeros((8, 8))
WITH_NAN = np.where(np.eye(8, dtype=bool), np.nan, 0.5)
WITH_INF = np.where(np.eye(8, dtype=bool), np.inf, 0.5)

BAD_PSNR = [
    (
        (GRAY, np.zeros((8, 7), dtype=np.uint8)),
        {},
        ValueError,
        "image_true and image_test must have the same shape",
    ),
    ((np.zeros((0, 8)), np.zeros((0, 8))), {}, ValueError, "image_true is empty"),
    (
        (np.float64(0.5), np.float64(0.5)),
        {},
        ValueError,
        "image_true must be an image with at least one dimension",
    ),
    (("image", GRAY), {}, TypeError, "image_true must be an image"),
    ((GRAY, None), {}, TypeError, "image_test must be an image"),
    (
        (GRAY, GRAY + 1j),
        {},
        TypeError,
        "image_test must hold real numbers, got complex",
    ),
    (
        (np.array([["a", "b"]], dtype=object), GRAY),
        {},
        TypeError,
        "image_true must hold real numbers",
    ),
    (
        (FLOAT, WITH_NAN),
        {"data_range": 1},
        ValueError,
        "image_test contains nan at index (0, 0)",
    ),
    ((WITH_INF, FLOAT), {"data_range": 1}, ValueError, "image_true contains inf"),
    (
        (FLOAT + 2, FLOAT),
        {},
        ValueError,
        "image_true has values in [2.0, 2.0], outside the range [-1, 1]",
    ),
    ((FLOAT - 1.5, FLOAT), {}, ValueError, "image_true has values in [-1.5, -1.5]"),
    (
        (GRAY, GRAY.astype(np.float64)),
        {},
        ValueError,
        "image_true and image_test have different dtypes",
    ),
    ((GRAY, GRAY), {"data_range": 0}, ValueError, "data_range must be positive"),
    ((GRAY, GRAY), {"data_range": -255}, ValueError, "data_range must be positive"),
    ((GRAY, GRAY), {"data_range": np.inf}, ValueError, "data_range must be finite"),
    (
        (GRAY, GRAY),
        {"data_range": "255"},
        TypeError,
        "data_range must be a real number",
    ),
    ((GRAY, GRAY), {"data_range": True}, TypeError, "data_range must be a real number"),
    (
        (GRAY, GRAY),
        {"data_range": [255]},
        TypeError,
        "data_range must be a real number",
    ),
    ((GRAY, GRAY), {"channel_axis": 0}, TypeError, "channel_axis"),
]


@pytest.mark.parametrize("args, kwargs, error, message", BAD_PSNR)
def test_psnr_rejects_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        psnr(*args, **kwargs)


BAD_SSIM = [
    (
        (GRAY, np.zeros((8, 9), dtype=np.uint8)),
        {},
        ValueError,
        "im1 and im2 must have the same shape",
    ),
    (
        (np.zeros((8, 0), dtype=np.uint8), np.zeros((8, 0), dtype=np.uint8)),
        {},
        ValueError,
        "im1 is empty",
    ),
    (
        (np.uint8(3), np.uint8(3)),
        {},
        ValueError,
        "im1 must be an image with at least one dimension",
    ),
    ((None, GRAY), {}, TypeError, "im1 must be an image"),
    ((GRAY, "im2"), {}, TypeError, "im2 must be an image"),
    (
        (GRAY.astype(complex), GRAY.astype(complex)),
        {},
        TypeError,
        "im1 must hold real numbers, got complex",
    ),
    ((FLOAT, WITH_NAN), {"data_range": 1}, ValueError, "im2 contains nan"),
    (
        (WITH_INF, FLOAT),
        {"data_range": 1},
        ValueError,
        "im1 contains inf at index (0, 0)",
    ),
    ((FLOAT, FLOAT), {}, ValueError, "im1 is a float image"),
    ((GRAY, FLOAT), {}, ValueError, "im2 is a float image"),
    (
        (GRAY, GRAY.astype(np.int16)),
        {},
        ValueError,
        "im1 and im2 have different dtypes",
    ),
    (
        (GRAY.astype(np.uint16), GRAY.astype(np.uint16)),
        {},
        ValueError,
        "the images are uint16",
    ),
    ((GRAY.astype(np.int64), GRAY.astype(np.int64)), {}, ValueError, "pass data_range"),
    ((GRAY, GRAY), {"data_range": 0.0}, ValueError, "data_range must be positive"),
    ((GRAY, GRAY), {"data_range": np.nan}, ValueError, "data_range must be finite"),
    (
        (GRAY, GRAY),
        {"data_range": "255"},
        TypeError,
        "data_range must be a real number",
    ),
    (
        (np.zeros((6, 6), dtype=np.uint8),) * 2,
        {},
        ValueError,
        "smaller than the 7-pixel SSIM window",
    ),
    (
        (np.zeros((10, 10), dtype=np.uint8),) * 2,
        {"gaussian_weights": True},
        ValueError,
        "smaller than the 11-pixel",
    ),
    (
        (np.zeros((8, 8, 3), dtype=np.uint8),) * 2,
        {},
        ValueError,
        "smaller than the 7-pixel SSIM window",
    ),
    (
        (GRAY, GRAY),
        {"win_size": 4},
        ValueError,
        "win_size must be an odd integer of at least 3, got 4",
    ),
    (
        (GRAY, GRAY),
        {"win_size": 1},
        ValueError,
        "win_size must be an odd integer of at least 3, got 1",
    ),
    (
        (GRAY, GRAY),
        {"win_size": -3},
        ValueError,
        "win_size must be an odd integer of at least 3",
    ),
    ((GRAY, GRAY), {"win_size": 9}, ValueError, "smaller than the 9-pixel SSIM window"),
    (
        (GRAY, GRAY),
        {"win_size": 5.0},
        TypeError,
        "win_size must be an odd integer or None",
    ),
    (
        (GRAY, GRAY),
        {"win_size": True},
        TypeError,
        "win_size must be an odd integer or None",
    ),
    (
        (GRAY, GRAY),
        {"gaussian_weights": True, "sigma": 0.1},
        ValueError,
        "sigma=0.1 gives a Gaussian window of 1",
    ),
    ((GRAY, GRAY), {"channel_axis": 2}, ValueError, "channel_axis must be in [-2, 1]"),
    ((GRAY, GRAY), {"channel_axis": -3}, ValueError, "channel_axis must be in [-2, 1]"),
    (
        (GRAY, GRAY),
        {"channel_axis": 1.0},
        TypeError,
        "channel_axis must be an integer or None",
    ),
    (
        (GRAY, GRAY),
        {"channel_axis": False},
        TypeError,
        "channel_axis must be an integer or None",
    ),
    (
        (GRAY[0], GRAY[0]),
        {"channel_axis": 0},
        ValueError,
        "channel_axis needs an image with at least 2 dimensions",
    ),
    ((GRAY, GRAY), {"K1": -0.01}, ValueError, "K1 must be in [0, 1], got -0.01"),
    ((GRAY, GRAY), {"K2": -1}, ValueError, "K2 must be in [0, 1], got -1"),
    ((GRAY, GRAY), {"K1": 1e300}, ValueError, "K1 must be in [0, 1], got 1e+300"),
    ((GRAY, GRAY), {"K1": "0.01"}, TypeError, "K1 must be a real number"),
    ((GRAY, GRAY), {"sigma": 0}, ValueError, "sigma must be positive"),
    ((GRAY, GRAY), {"sigma": -1.5}, ValueError, "sigma must be positive"),
    (
        (GRAY, GRAY),
        {"use_sample_covariance": "yes"},
        TypeError,
        "use_sample_covariance must be True or False",
    ),
    (
        (GRAY, GRAY),
        {"gaussian_weights": 1},
        TypeError,
        "gaussian_weights must be True or False",
    ),
    ((GRAY, GRAY), {"full": None}, TypeError, "full must be True or False"),
    ((GRAY, GRAY), {"k1": 0.01}, TypeError, "unexpected keyword argument 'k1'"),
    ((GRAY, GRAY), {"gradient": 1}, TypeError, "gradient must be True or False"),
    ((GRAY, GRAY), {"grad": True}, TypeError, "unexpected keyword argument 'grad'"),
]


@pytest.mark.parametrize("args, kwargs, error, message", BAD_SSIM)
def test_ssim_rejects_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        ssim(*args, **kwargs)


# --- Regression tests for the adversarial search of the package (inputs at the limits)


@pytest.mark.parametrize(
    "scale", [1e-310, 1e-300, 1e-200, 1e-160, 1.0, 1e160, 1e300, 1.7e308]
)
def test_psnr_depends_only_on_the_ratio_of_the_error_to_the_data_range(scale):
    # 1e-300: 20 (log10 MAX - log10 scale) lost 1.8e-13 to the difference of two
    # logs near -300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = psnr(
            np.array([1.0, 0.0]) * scale, np.array([0.0, 0.0]), data_range=scale
        )
    # MSE = scale**2 / 2
    assert value == pytest.approx(10 * math.log10(2), rel=1e-14, abs=0)


def test_psnr_of_huge_ranges_and_integers_beyond_2_to_the_53():
    assert psnr([1e150, 0.0], [0.0, 0.0], data_range=1e200) == pytest.approx(
        20 * 50 + 10 * math.log10(2), rel=1e-14
    )
    assert psnr(
        np.array([2**62 + 1, 0]), np.array([2**62, 0]), data_range=2.0**63
    ) == pytest.approx(20 * 63 * math.log10(2) + 10 * math.log10(2), rel=1e-14)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert psnr([1.0, 0.0], [0.0, 0.0], data_range=1e-200) == pytest.approx(
            -4000 + 10 * math.log10(2), rel=1e-14
        )


def test_psnr_asks_for_the_range_of_int64_images():
    with pytest.raises(ValueError, match="the images are int64 .* pass data_range"):
        psnr([[10, 20], [30, 40]], [[12, 18], [30, 41]])
    assert psnr(
        [[10, 20], [30, 40]], [[12, 18], [30, 41]], data_range=255
    ) == pytest.approx(44.609, abs=1e-3)


@pytest.mark.parametrize("scale", [1e-100, 1e-80, 1.0, 1e80, 1e200])
def test_ssim_does_not_change_when_images_and_range_are_scaled(scale):
    rng = np.random.default_rng(4)
    a, b = rng.uniform(size=(12, 12)), rng.uniform(size=(12, 12))
    expected = ssim(a, b, data_range=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ssim(a * scale, b * scale, data_range=scale) == pytest.approx(
            expected, rel=1e-13
        )
        assert ssim(
            a * scale, b * scale, data_range=scale, gaussian_weights=True
        ) == pytest.approx(ssim(a, b, data_range=1.0, gaussian_weights=True), rel=1e-13)


@pytest.mark.parametrize("offset", [1e6, 1e12, -1e12, 1e15])
def test_ssim_of_images_with_a_large_common_offset(offset):
    # local variances as E[x²] - E[x]² lost every digit: ssim(1e12 + a, 1e12 + b)
    # was -4.7e9 (SSIM is at most 1). The exact answer for the rounded inputs:
    # their differences from the offset (exact) moved to an offset of 1e3, where
    # the luminance term is 1 - O(1e-8) instead of 1 - O(1e-27): compare the cs part
    rng = np.random.default_rng(0)
    a = rng.random((20, 20))
    b = np.clip(a + rng.normal(0, 0.05, a.shape), 0, 1)
    x, y = a + offset, b + offset
    near_x, near_y = (x - offset) + 1e6, (y - offset) + 1e6  # both exact
    for gaussian in [False, True]:
        options = {"data_range": 1.0, "gaussian_weights": gaussian}
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value, grad = ssim(x, y, gradient=True, **options)
        near, near_grad = ssim(near_x, near_y, gradient=True, **options)
        assert value == pytest.approx(near, rel=1e-12)
        np.testing.assert_allclose(grad, near_grad, rtol=1e-9, atol=1e-12)
    big = rng.random((192, 192))
    noisy = np.clip(big + rng.normal(0, 0.1, big.shape), 0, 1)
    assert ms_ssim(big + offset, noisy + offset, data_range=1.0) == pytest.approx(
        ms_ssim(
            (big + offset) - offset + 1e6,
            (noisy + offset) - offset + 1e6,
            data_range=1.0,
        ),
        rel=1e-12,
    )


def test_ssim_of_extreme_sigmas():
    image = np.random.default_rng(5).uniform(size=(16, 16))
    other = image[::-1]
    # a tiny sigma with an explicit window weighs only the centre pixel
    tiny = ssim(
        image, other, data_range=1.0, gaussian_weights=True, sigma=1e-300, win_size=3
    )
    assert tiny == pytest.approx(
        ssim(image, other, data_range=1.0, gaussian_weights=True, sigma=0.1, win_size=3)
    )
    for sigma in (1e6, 1e300):
        with pytest.raises(
            ValueError,
            match=re.escape(f"sigma={sigma}")
            + r" gives a Gaussian window of about .* than four times .* \(16\)",
        ):
            ssim(
                image,
                other,
                data_range=1.0,
                gaussian_weights=True,
                sigma=sigma,
                win_size=7,
            )


def test_ssim_refuses_a_zero_over_zero():
    zeros = np.zeros((8, 8))
    with pytest.raises(
        ValueError,
        match=r"SSIM is 0/0 where the images are constant \(K1=0.0, K2=0.0\)",
    ):
        ssim(zeros, zeros, data_range=1.0, K1=0, K2=0)
    assert ssim(zeros, zeros, data_range=1.0) == 1.0


def test_images_with_masked_values_are_refused():
    image = np.ma.array(np.zeros((8, 8)), mask=np.eye(8))
    with pytest.raises(ValueError, match="image_true is a masked array"):
        psnr(image, np.zeros((8, 8)), data_range=1.0)
    with pytest.raises(ValueError, match="im2 is a masked array"):
        ssim(np.zeros((8, 8)), image, data_range=1.0)


def test_ssim_refuses_a_data_range_the_images_overflow():
    with pytest.raises(
        ValueError, match="data_range=5e-324 is too small for these images"
    ):
        ssim(np.eye(8), np.eye(8), data_range=5e-324)


def test_ssim_needs_fewer_than_16_float64_copies_of_the_image():
    """Peak memory below scikit-image's 128 bytes per pixel (it was 216)."""
    rng = np.random.default_rng(6)
    a, b = (rng.integers(0, 256, size=(400, 400), dtype=np.uint8) for _ in range(2))
    ssim(a[:20, :20], b[:20, :20])
    tracemalloc.start()
    try:
        ssim(a, b, gaussian_weights=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak / a.size < 128


# ---------------------------------------------------------------- SSIM gradient


def _central_differences(im1, im2, step, **options):
    """The derivative of ssim(im1, im2) with respect to each pixel of im2, by central
    differences.
    """
    im2 = np.asarray(im2, dtype=np.float64)
    result = np.empty(im2.shape)
    for index in np.ndindex(im2.shape):
        up, down = im2.copy(), im2.copy()
        up[index] += step
        down[index] -= step
        result[index] = (ssim(im1, up, **options) - ssim(im1, down, **options)) / (
            2 * step
        )
    return result


def _relative_error(got, expected):
    return float(np.abs(got - expected).max() / np.abs(expected).max())


GRADIENT_CASES = [  # (shape, options): odd sizes, every window and layout
    ((13, 11), {}),
    ((13, 11), {"use_sample_covariance": False}),
    ((7, 8), {"win_size": 7}),
    ((9, 12), {"win_size": 3}),
    ((15, 13), {"gaussian_weights": True}),
    ((15, 13), {"gaussian_weights": True, "use_sample_covariance": False}),
    ((12, 13), {"gaussian_weights": True, "win_size": 3}),
    ((9, 14), {"gaussian_weights": True, "sigma": 0.8}),
    ((9, 10, 3), {"channel_axis": -1}),
    ((3, 9, 11), {"channel_axis": 0, "use_sample_covariance": False}),
    ((11, 2, 10), {"channel_axis": 1, "gaussian_weights": True, "sigma": 0.7}),
    ((8, 7, 9), {"win_size": 5}),
    ((31,), {"win_size": 5, "K1": 0.05, "K2": 0.1}),
    ((7, 6), {"gaussian_weights": True, "sigma": 3.0, "win_size": 3}),  # wider than it
]


@pytest.mark.slow
@pytest.mark.parametrize("shape, options", GRADIENT_CASES)
@pytest.mark.parametrize("data_range", [1.0, 1000.0])
def test_ssim_gradient_is_the_derivative_of_the_returned_value(
    shape, options, data_range
):
    rng = np.random.default_rng(len(shape) * 100 + sum(shape))
    im1 = data_range * rng.random(shape)
    im2 = np.clip(im1 + data_range * rng.normal(0, 0.2, shape), 0, data_range)
    options = {"data_range": data_range, **options}
    value, grad = ssim(im1, im2, gradient=True, **options)
    assert value == ssim(im1, im2, **options)
    assert grad.shape == shape and grad.dtype == np.float64
    numeric = _central_differences(im1, im2, 1e-5 * data_range, **options)
    assert _relative_error(grad, numeric) < 1e-6


@pytest.mark.parametrize(
    "dtype, data_range",
    [
        (np.uint8, None),
        (np.uint16, 4095),
        (np.int16, 60000),
        (np.int32, 2**20),
        (np.float32, 1.0),
        (np.bool_, None),
    ],
)
def test_ssim_gradient_for_every_dtype_is_that_of_the_float64_images(dtype, data_range):
    im1, im2 = _image_pair(11, (13, 12), dtype)
    value, grad = ssim(im1, im2, data_range=data_range, gradient=True)
    same_range = 255.0 if dtype is np.uint8 else float(data_range or 1)
    as_float = im1.astype(np.float64), im2.astype(np.float64)
    value64, grad64 = ssim(*as_float, data_range=same_range, gradient=True)
    assert value == value64
    np.testing.assert_allclose(grad, grad64, rtol=1e-12, atol=0)
    numeric = _central_differences(*as_float, 1e-5 * same_range, data_range=same_range)
    assert _relative_error(grad, numeric) < 1e-6


def test_ssim_gradient_returns_in_scikit_images_order():
    im1, im2 = _image_pair(12, (14, 10, 3), np.uint8)
    value = ssim(im1, im2, channel_axis=2)
    _, ssim_map = ssim(im1, im2, channel_axis=2, full=True)
    with_gradient = ssim(im1, im2, channel_axis=2, gradient=True)
    both = ssim(im1, im2, channel_axis=2, gradient=True, full=True)
    assert len(with_gradient) == 2 and len(both) == 3
    assert with_gradient[0] == both[0] == value
    np.testing.assert_array_equal(with_gradient[1], both[1])
    np.testing.assert_array_equal(both[2], ssim_map)
    assert both[1].shape == im1.shape
    expected = structural_similarity(im1, im2, channel_axis=2, gradient=True, full=True)
    assert [np.shape(part) for part in expected] == [np.shape(part) for part in both]
    assert both[0] == pytest.approx(expected[0], rel=1e-12)


def test_ssim_gradient_is_zero_at_a_maximum_and_points_uphill():
    im1, im2 = _image_pair(13, (16, 16), np.float64)
    _, at_maximum = ssim(im1, im1, data_range=1.0, gradient=True)
    assert np.abs(at_maximum).max() < 1e-15
    value, grad = ssim(im1, im2, data_range=1.0, gradient=True)
    step = 0.5 / np.abs(grad).max() * 1e-2
    assert ssim(im1, im2 + step * grad, data_range=1.0) > value
    assert ssim(im1, im2 - step * grad, data_range=1.0) < value


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e150])
def test_ssim_gradient_scales_inversely_with_the_images(scale):
    im1, im2 = _image_pair(14, (12, 12), np.float64)
    _, grad = ssim(im1, im2, data_range=1.0, gradient=True)
    _, scaled = ssim(im1 * scale, im2 * scale, data_range=scale, gradient=True)
    assert _relative_error(scaled * scale, grad) < 1e-12


@pytest.mark.slow
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"gaussian_weights": True},
        {"use_sample_covariance": False},
        {"gaussian_weights": True, "use_sample_covariance": False},
    ],
)
def test_scikit_images_gradient_is_not_that_of_its_value(options):
    """scikit-image differentiates the uncropped map and drops N / (N - 1); msebook does
    not.
    """
    rng = np.random.default_rng(15)
    im1 = rng.random((24, 24))
    im2 = np.clip(im1 + rng.normal(0, 0.2, im1.shape), 0, 1)
    options = {"data_range": 1.0, **options}
    theirs = structural_similarity(im1, im2, gradient=True, **options)[1]
    _, ours = ssim(im1, im2, gradient=True, **options)
    numeric = _central_differences(im1, im2, 1e-5, **options)
    assert _relative_error(ours, numeric) < 1e-6
    assert _relative_error(theirs, numeric) > 0.2


def test_ssim_gradient_needs_no_more_memory_than_scikit_image():
    rng = np.random.default_rng(16)
    a, b = (rng.integers(0, 256, size=(300, 300), dtype=np.uint8) for _ in range(2))
    peaks = []
    for function in (ssim, structural_similarity):
        function(a[:20, :20], b[:20, :20], gradient=True)
        tracemalloc.start()
        try:
            function(a, b, gaussian_weights=True, gradient=True)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[0] < peaks[1]


# ---------------------------------------------------------------- MS-SSIM


def _torchmetrics_ms_ssim(im1, im2, *, channel_axis=None, dtype="float64", **options):
    """torchmetrics' MS-SSIM of two numpy images (2-D, or 3-D with a channel axis) as a
    float.
    """
    torch = pytest.importorskip("torch")
    from torchmetrics.functional.image import (
        multiscale_structural_similarity_index_measure,
    )

    def as_batch(image):
        image = np.asarray(image, dtype=dtype)
        image = (
            image[np.newaxis]
            if channel_axis is None
            else np.moveaxis(image, channel_axis, 0)
        )
        return torch.from_numpy(np.ascontiguousarray(image))[None]

    value = multiscale_structural_similarity_index_measure(
        as_batch(im1), as_batch(im2), **options
    )
    return float(value)


def _float32_betas(betas=MS_SSIM_BETAS):
    """The exponents as torchmetrics stores them (a float32 tensor)."""
    return tuple(float(np.float32(beta)) for beta in betas)


def _ms_pair(seed, shape, *, contrast=0.7, noise=0.1):
    """A random smooth-ish image in [0, 1] and a distorted copy (contrast, offset,
    noise).
    """
    rng = np.random.default_rng(seed)
    clean = rng.random(shape)
    clean = (clean + np.roll(clean, 1, axis=0) + np.roll(clean, 1, axis=1)) / 3
    distorted = contrast * clean + 0.1 + rng.normal(0, noise, size=shape)
    return clean, np.clip(distorted, 0, 1)


@pytest.mark.parametrize("shape", [(176, 176), (192, 200), (181, 237), (256, 177)])
@pytest.mark.parametrize("normalize", ["relu", "simple", None])
def test_ms_ssim_matches_torchmetrics(shape, normalize):
    clean, distorted = _ms_pair(1, shape)
    ours = ms_ssim(
        clean, distorted, data_range=1.0, normalize=normalize, betas=_float32_betas()
    )
    theirs = _torchmetrics_ms_ssim(
        clean, distorted, data_range=1.0, normalize=normalize
    )
    assert 0.5 < ours < 1
    assert ours == pytest.approx(theirs, rel=1e-12)
    # with the exact exponents the difference is torchmetrics' float32 rounding of them
    exact = ms_ssim(clean, distorted, data_range=1.0, normalize=normalize)
    assert exact == pytest.approx(theirs, rel=1e-7)
    assert exact != pytest.approx(theirs, rel=1e-13)


@pytest.mark.slow
@pytest.mark.parametrize("channel_axis", [0, -1, 2])
def test_ms_ssim_of_channel_images_matches_torchmetrics(channel_axis):
    rng = np.random.default_rng(2)
    shape = [180, 190]
    shape.insert(channel_axis % 3, 3)
    clean = rng.random(shape)
    distorted = np.clip(clean + rng.normal(0, 0.15, size=shape), 0, 1)
    ours = ms_ssim(
        clean,
        distorted,
        data_range=1.0,
        channel_axis=channel_axis,
        betas=_float32_betas(),
    )
    theirs = _torchmetrics_ms_ssim(
        clean, distorted, channel_axis=channel_axis, data_range=1.0
    )
    assert ours == pytest.approx(theirs, rel=1e-12)
    # the scales pool every channel: not the mean of per-channel MS-SSIMs
    per_channel = np.mean(
        [
            ms_ssim(
                np.take(clean, c, channel_axis),
                np.take(distorted, c, channel_axis),
                data_range=1.0,
                betas=_float32_betas(),
            )
            for c in range(3)
        ]
    )
    assert abs(per_channel - ours) > 1e-6


@pytest.mark.parametrize(
    "options",
    [
        {"sigma": 1.0},
        {"sigma": 2.0, "K1": 0.02, "K2": 0.05},
        {"betas": (0.5, 0.5)},
        {"betas": (0.2, 0.3, 0.5)},
        {"betas": (1.0,)},
    ],
)
def test_ms_ssim_options_match_torchmetrics(options):
    clean, distorted = _ms_pair(3, (240, 256), contrast=0.5, noise=0.2)
    betas = options.get("betas", MS_SSIM_BETAS)
    ours = ms_ssim(
        clean, distorted, data_range=1.0, **{**options, "betas": _float32_betas(betas)}
    )
    theirs_options = {
        ("k1" if key == "K1" else "k2" if key == "K2" else key): value
        for key, value in options.items()
    }
    theirs = _torchmetrics_ms_ssim(clean, distorted, data_range=1.0, **theirs_options)
    assert ours == pytest.approx(theirs, rel=1e-12)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_ms_ssim_of_float32_and_float64_inputs(dtype):
    clean, distorted = _ms_pair(4, (192, 192))
    clean, distorted = clean.astype(dtype), distorted.astype(dtype)
    ours = ms_ssim(clean, distorted, data_range=1.0, betas=_float32_betas())
    # torchmetrics in the images' own dtype: float32 arithmetic costs it about six
    # digits
    theirs = _torchmetrics_ms_ssim(clean, distorted, dtype=dtype, data_range=1.0)
    assert ours == pytest.approx(theirs, rel=1e-5 if dtype == "float32" else 1e-12)
    # msebook computes in float64 whatever the dtype
    widened = _torchmetrics_ms_ssim(clean, distorted, dtype="float64", data_range=1.0)
    assert ours == pytest.approx(widened, rel=1e-12)


def test_ms_ssim_of_uint8_images_uses_their_range():
    clean, distorted = _ms_pair(5, (180, 180))
    clean8 = np.round(clean * 255).astype(np.uint8)
    distorted8 = np.round(distorted * 255).astype(np.uint8)
    ours = ms_ssim(clean8, distorted8, betas=_float32_betas())
    theirs = _torchmetrics_ms_ssim(clean8, distorted8, data_range=255.0)
    assert ours == pytest.approx(theirs, rel=1e-12)
    assert ours == pytest.approx(
        ms_ssim(clean8 / 255, distorted8 / 255, data_range=1.0, betas=_float32_betas()),
        rel=1e-12,
    )


def test_ms_ssim_of_anticorrelated_images_follows_normalize():
    rng = np.random.default_rng(6)
    image = rng.random((192, 192))
    inverse = 1 - image
    assert ms_ssim(image, image, data_range=1.0) == 1.0
    assert ms_ssim(image, inverse, data_range=1.0) == 0.0
    assert _torchmetrics_ms_ssim(image, inverse, data_range=1.0) == 0.0
    simple = ms_ssim(
        image, inverse, data_range=1.0, normalize="simple", betas=_float32_betas()
    )
    assert simple == pytest.approx(
        _torchmetrics_ms_ssim(image, inverse, data_range=1.0, normalize="simple"),
        rel=1e-12,
    )
    # torchmetrics returns NaN here; msebook says why
    assert math.isnan(
        _torchmetrics_ms_ssim(image, inverse, data_range=1.0, normalize=None)
    )
    with pytest.raises(ValueError, match=r"scale 1 of 5 .* pass normalize='relu'"):
        ms_ssim(image, inverse, data_range=1.0, normalize=None)


def test_ms_ssim_is_symmetric_and_scale_invariant():
    clean, distorted = _ms_pair(7, (190, 185))
    value = ms_ssim(clean, distorted, data_range=1.0)
    assert ms_ssim(distorted, clean, data_range=1.0) == pytest.approx(value, rel=1e-14)
    assert ms_ssim(clean * 1000, distorted * 1000, data_range=1000.0) == pytest.approx(
        value, rel=1e-13
    )


def test_ms_ssim_keeps_ssim_agreement_with_scikit_image():
    # ms_ssim reuses SSIM's filters with another edge mode; SSIM's own values must not
    # move
    clean, distorted = _ms_pair(8, (40, 50))
    for options in ({}, {"gaussian_weights": True, "use_sample_covariance": False}):
        assert ssim(clean, distorted, data_range=1.0, **options) == pytest.approx(
            structural_similarity(clean, distorted, data_range=1.0, **options),
            rel=1e-12,
        )


MS_GRAY = np.linspace(0, 1, 176 * 176).reshape(176, 176)
BAD_MS_SSIM = [
    (
        (MS_GRAY[:175], MS_GRAY[:175]),
        {"data_range": 1.0},
        ValueError,
        "(spatial shape (175, 176)) are too small for 5 scales (len(betas)) with a "
        "11-pixel window (sigma): each side must be at least 11 * 2**4 = 176 pixels",
    ),
    (
        (MS_GRAY[:45, :50], MS_GRAY[:45, :50]),
        {"data_range": 1.0, "betas": (0.5, 0.5), "sigma": 3.0},
        ValueError,
        "with a 23-pixel window (sigma): each side must be at least 23 * 2**1 = 46",
    ),
    ((MS_GRAY, MS_GRAY[:, :175]), {"data_range": 1.0}, ValueError, "same shape"),
    (
        (MS_GRAY, MS_GRAY),
        {},
        ValueError,
        "im1 is a float image (float64); pass data_range",
    ),
    (
        (MS_GRAY[None], MS_GRAY[None]),
        {"data_range": 1.0},
        ValueError,
        "must be 2-D images (with channel_axis, 3-D with one channel axis)",
    ),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "betas": ()},
        ValueError,
        "betas is empty",
    ),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "betas": 0.5},
        TypeError,
        "betas must be a sequence of non-negative numbers",
    ),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "betas": "0.5"},
        TypeError,
        "betas must be a sequence",
    ),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "betas": (0.5, -0.1)},
        ValueError,
        "betas[1] must be non-negative, got -0.1",
    ),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "betas": (0.5, math.nan)},
        ValueError,
        "betas[1] must be finite",
    ),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "betas": (0.0, 0.0)},
        ValueError,
        "betas are all 0",
    ),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "normalize": "clip"},
        ValueError,
        "normalize must be 'relu', 'simple' or None, got 'clip'",
    ),
    ((MS_GRAY, MS_GRAY), {"data_range": 0}, ValueError, "data_range must be positive"),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "sigma": 0.1},
        ValueError,
        "sigma=0.1 gives a Gaussian window of 1 pixel",
    ),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "K2": 2},
        ValueError,
        "K2 must be in [0, 1]",
    ),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "channel_axis": 2},
        ValueError,
        "channel_axis must be in [-2, 1]",
    ),
    (
        (MS_GRAY, MS_GRAY),
        {"data_range": 1.0, "win_size": 7},
        TypeError,
        "unexpected keyword argument 'win_size'",
    ),
    (
        (np.zeros((176, 176)), np.zeros((176, 176))),
        {"data_range": 1.0, "K1": 0, "K2": 0},
        ValueError,
        "MS-SSIM is 0/0",
    ),
]


@pytest.mark.parametrize("args, kwargs, error, message", BAD_MS_SSIM)
def test_ms_ssim_rejects_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        ms_ssim(*args, **kwargs)
