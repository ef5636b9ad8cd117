r"""Image quality metrics built on the mean squared error: PSNR and SSIM.

Both follow scikit-image (``skimage.metrics.peak_signal_noise_ratio`` and
``skimage.metrics.structural_similarity``) argument for argument, and agree
with it to rounding, but need only numpy: the sliding-window filters behind
SSIM are written here as separable one-dimensional filters with scipy's
``'reflect'`` boundary (the edge pixel is repeated, ``d c b a | a b c d``).

Where the two differ, msebook is stricter: it computes in float64 whatever
the input dtype, rejects NaN and infinity, rejects unknown keyword arguments,
and raises where scikit-image would only warn and then guess the data range.
"""

import math
import numbers
import sys

import numpy as np

from ._scale import power_of_two_above
from ._stats import SquaredErrorSums
from ._validation import as_image, check_flag, check_same_shape, check_scalar, widen

GAUSSIAN_TRUNCATE = 3.5
"""The Gaussian window of SSIM ends this many standard deviations from its centre (11
taps for sigma=1.5).
"""


def _dtype_limits(dtype):
    """The smallest and largest value scikit-image expects for ``dtype``: the integer
    limits, 0..1 or -1..1.
    """
    if dtype.kind == "b":
        return 0, 1
    if dtype.kind == "f":
        return -1, 1
    info = np.iinfo(dtype)
    return int(info.min), int(info.max)


def _check_same_dtype(image1, image2, name1, name2):
    """Refuse to guess a data range from two images of different dtypes."""
    if image1.dtype != image2.dtype:
        raise ValueError(
            f"{name1} and {name2} have different dtypes ({image1.dtype} and "
            f"{image2.dtype}), so their data range is ambiguous; pass data_range"
        )


def _psnr_data_range(image_true, image_test):
    """The default MAX of PSNR: the dtype's maximum, or its whole span when
    ``image_true`` has negative values.
    """
    _check_same_dtype(image_true, image_test, "image_true", "image_test")
    if image_true.dtype.kind in "iu" and image_true.dtype.itemsize == 8:
        raise ValueError(
            f"the images are {image_true.dtype} (a list of Python ints becomes int64), "
            "whose range is never the range of image data; pass data_range"
        )
    low, high = _dtype_limits(image_true.dtype)
    true_min, true_max = image_true.min(), image_true.max()
    if true_min < low or true_max > high:
        raise ValueError(
            f"image_true has values in [{true_min}, {true_max}], outside the range "
            f"[{low}, {high}] expected for dtype {image_true.dtype}; pass data_range "
            "(the span of values the data can take)"
        )
    return float(high) if true_min >= 0 else float(high - low)


def psnr(image_true, image_test, *, data_range=None):
    r"""Peak signal-to-noise ratio in decibels,
    :math:`10 \log_{10}(\mathrm{MAX}^2 / \mathrm{MSE})`.

    MAX is the data range: the distance between the smallest and the largest
    value the pixels can take, not the largest value that happens to occur.
    The familiar 30--50 dB of "good" quality refers to 8-bit images; the
    number means nothing without the data range it was computed with.

    Parameters
    ----------
    image_true : array-like
        The reference image: real numbers (bool, int or float), all finite,
        any shape and number of dimensions.
    image_test : array-like of the same shape as image_true
        The image to compare with the reference.
    data_range : positive real number, optional
        MAX. By default, as in scikit-image, it comes from the dtype of
        ``image_true``: the dtype's maximum (255 for uint8, 1 for bool and
        float images in [0, 1]), or the dtype's whole span when the image has
        negative values (2 for float images in [-1, 1]). Always pass it for
        float images, and for integer images that do not use every bit
        (12-bit data in uint16, say).

    Returns
    -------
    float
        The PSNR in dB; ``inf`` when the images are identical (MSE = 0).

    Raises
    ------
    TypeError
        If an image is not an array of real numbers (None, strings, complex,
        objects), or ``data_range`` is not a real number.
    ValueError
        If the images differ in shape, are empty or 0-d, contain NaN or
        infinity, or ``data_range`` is not positive and finite. Without
        ``data_range``: if ``image_true`` has values outside its dtype's range
        (a float image outside [-1, 1], as scikit-image refuses too), or if the
        two images have different dtypes (scikit-image only warns and uses
        ``image_true``'s dtype; which range was meant is a guess, so msebook
        asks for it).

    See Also
    --------
    ssim : a similarity index that looks at local structure rather than pixel errors.
    msebook.mse : the mean squared error PSNR rescales.

    Notes
    -----
    The computation is in float64 for every dtype; scikit-image keeps float32
    images in float32, so its results for them differ in the sixth digit or so.

    Examples
    --------
    >>> import numpy as np
    >>> from msebook import psnr
    >>> clean = np.array([[10, 20], [30, 40]], dtype=np.uint8)
    >>> noisy = np.array([[12, 18], [30, 41]], dtype=np.uint8)
    >>> # MSE = 2.25 and MAX = 255: 10 log10(255**2 / 2.25)
    >>> round(psnr(clean, noisy), 4)
    44.609
    >>> psnr(clean, clean)
    inf
    >>> round(psnr(clean / 255, noisy / 255, data_range=1.0), 4)
    44.609
    >>> psnr(clean * 2.0, noisy * 2.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: image_true has values in [20.0, 80.0], outside the range [-1, 1] ...
    """
    image_true = as_image(image_true, "image_true")
    image_test = as_image(image_test, "image_test")
    check_same_shape(image_true, image_test, "image_true", "image_test")
    if data_range is None:
        data_range = _psnr_data_range(image_true, image_test)
    else:
        data_range = check_scalar(data_range, "data_range", low=0, low_open=True)
    # the mean squared error as scale**2 * scaled / weight: 10 log10(MAX**2 / MSE)
    # without squaring MAX or the scale
    sums = SquaredErrorSums.of(
        *widen(image_true.reshape(-1, 1), image_test.reshape(-1, 1)), None
    )
    scaled = float(sums.scaled[0] / sums.weight[0])
    if scaled == 0:
        return math.inf
    scale = 1.0 if sums.scale is None else float(sums.scale[0])
    ratio = data_range / scale  # exact (a power of two) unless it leaves float64
    if math.isfinite(ratio) and ratio >= sys.float_info.min:
        return 20 * math.log10(ratio) - 10 * math.log10(scaled)
    # the difference of two logs of ~300 loses ~1e-13: only where the ratio cannot
    # be had
    return 20 * (math.log10(data_range) - math.log10(scale)) - 10 * math.log10(scaled)


def _check_channel_axis(channel_axis, ndim):
    """Return ``channel_axis`` as a non-negative axis index of an image with ``ndim``
    dimensions, or None.
    """
    if channel_axis is None:
        return None
    if isinstance(channel_axis, (bool, np.bool_)) or not isinstance(
        channel_axis, numbers.Integral
    ):
        raise TypeError(
            f"channel_axis must be an integer or None, got {channel_axis!r}"
        )
    if ndim < 2:
        raise ValueError(
            f"channel_axis needs an image with at least 2 dimensions, got {ndim}"
        )
    if not -ndim <= channel_axis < ndim:
        raise ValueError(
            f"channel_axis must be in [{-ndim}, {ndim - 1}] for images with {ndim} "
            f"dimensions, got {channel_axis}"
        )
    return int(channel_axis) % ndim


def _check_gaussian_window(sigma, spatial_shape):
    """Refuse a Gaussian window more than four times as wide as the image (it would only
    cost memory).
    """
    side = max(spatial_shape)
    if 2 * GAUSSIAN_TRUNCATE * sigma > 4 * side:
        raise ValueError(
            f"sigma={sigma} gives a Gaussian window of about "
            f"{2 * GAUSSIAN_TRUNCATE * sigma:.3g} pixels, more than four times the "
            f"image's largest spatial side ({side}); use a smaller sigma"
        )


def _gaussian_radius(sigma):
    """Half-width of the Gaussian window, rounded as scipy.ndimage does."""
    return int(GAUSSIAN_TRUNCATE * sigma + 0.5)


def _check_win_size(win_size, spatial_shape, gaussian_weights, sigma):
    """Return the side of the SSIM window: odd, at least 3, and no larger than any
    spatial side of the image.
    """
    if win_size is None:
        if gaussian_weights:
            win_size = 2 * _gaussian_radius(sigma) + 1
            if win_size < 3:
                raise ValueError(
                    f"sigma={sigma} gives a Gaussian window of 1 pixel; use a larger "
                    "sigma or pass win_size"
                )
        else:
            win_size = 7
    elif isinstance(win_size, (bool, np.bool_)) or not isinstance(
        win_size, numbers.Integral
    ):
        raise TypeError(f"win_size must be an odd integer or None, got {win_size!r}")
    elif win_size < 3 or win_size % 2 == 0:
        raise ValueError(
            f"win_size must be an odd integer of at least 3, got {win_size}"
        )
    if min(spatial_shape) < win_size:
        raise ValueError(
            f"im1 and im2 (spatial shape {spatial_shape}) are smaller than the "
            f"{win_size}-pixel SSIM window (win_size) along some axis; pass a smaller "
            "odd win_size, or channel_axis if an axis holds colour channels"
        )
    return int(win_size)


def _ssim_data_range(data_range, im1, im2):
    """The data range of SSIM: given, or taken from the dtype of integer images (uint8
    and bool only).
    """
    if data_range is not None:
        return check_scalar(data_range, "data_range", low=0, low_open=True)
    for image, name in ((im1, "im1"), (im2, "im2")):
        if image.dtype.kind == "f":
            raise ValueError(
                f"{name} is a float image ({image.dtype}); pass data_range, e.g. 1.0 "
                "for values in [0, 1]"
            )
    _check_same_dtype(im1, im2, "im1", "im2")
    low, high = _dtype_limits(im1.dtype)
    if im1.dtype.kind == "b" or im1.dtype == np.uint8:
        return float(high - low)
    raise ValueError(
        f"the images are {im1.dtype}, whose full range ({high - low}) is rarely the "
        "range of the data; pass data_range"
    )


def _correlate_axis(values, weights, axis, *, mode="symmetric"):
    """Filter ``values`` along ``axis`` with the symmetric odd-length ``weights``,
    extending edges by reflection.

    The sum runs in the order of scipy.ndimage's symmetric-kernel loop, so the
    result agrees with ``scipy.ndimage.correlate1d(..., mode='reflect')`` to
    the last bit or so; ``np.pad``'s ``'symmetric'`` mode is scipy's
    ``'reflect'``, including windows wider than the image. With
    ``mode='reflect'`` the edge pixel is not repeated (``d c b | a b c d``),
    as in PyTorch's ``'reflect'`` padding.
    """
    radius = len(weights) // 2
    length = values.shape[axis]
    widths = [(0, 0)] * values.ndim
    widths[axis] = (radius, radius)
    padded = np.pad(values, widths, mode=mode)

    def shifted(start):
        """The padded values from ``start`` on, as many as ``values`` has along
        ``axis``.
        """
        index = [slice(None)] * values.ndim
        index[axis] = slice(start, start + length)
        return padded[tuple(index)]

    result = shifted(radius) * weights[radius]
    pair = np.empty_like(result)
    for offset in range(radius, 0, -1):
        np.add(shifted(radius - offset), shifted(radius + offset), out=pair)
        pair *= weights[radius - offset]
        result += pair
    return result


def _window_weights(win_size, gaussian_weights, sigma):
    """One-dimensional weights of the SSIM window: uniform over win_size, or scipy's
    truncated Gaussian.
    """
    if not gaussian_weights:
        return np.full(win_size, 1.0 / win_size)
    radius = _gaussian_radius(sigma)
    if (
        radius == 0
    ):  # a window of one pixel (only with an explicit win_size): nothing to weigh
        return np.ones(1)
    offsets = np.arange(-radius, radius + 1)
    weights = np.exp(-0.5 / (sigma * sigma) * offsets**2)
    return weights / weights.sum()


def _local_mean(values, weights, axes, *, mode="symmetric"):
    """Weighted local means: the one-dimensional filter applied along each of ``axes``
    in turn.
    """
    for axis in axes:
        values = _correlate_axis(values, weights, axis, mode=mode)
    return values


def _cov_norm(win_size, n_spatial, use_sample_covariance):
    """The factor that turns the window's variances into sample variances: N / (N - 1),
    or 1.
    """
    n_window = win_size**n_spatial
    return n_window / (n_window - 1) if use_sample_covariance else 1.0


def _correlate_axis_adjoint(values, weights, axis):
    """The transpose of :func:`_correlate_axis`: spread each value back over its window.

    The forward filter reads the padded signal ``v[index]``, ``index`` being
    ``np.pad``'s symmetric extension of ``0 .. length - 1``; its transpose
    scatters with the same weights into the padded positions and then adds
    every padded position back onto the pixel it was copied from, so the
    reflected edges fold back onto the pixels they repeat.
    """
    radius = len(weights) // 2
    values = np.moveaxis(values, axis, -1)
    length = values.shape[-1]
    spread = np.zeros(values.shape[:-1] + (length + 2 * radius,))
    for start, weight in enumerate(weights):
        spread[..., start : start + length] += weight * values
    source = np.pad(np.arange(length), radius, mode="symmetric")
    folded = spread[..., radius : radius + length].copy()
    for position in [*range(radius), *range(radius + length, length + 2 * radius)]:
        folded[..., source[position]] += spread[..., position]
    return np.moveaxis(folded, -1, axis)


def _local_mean_adjoint(values, weights, axes):
    """The transpose of :func:`_local_mean` (the axes' filters commute)."""
    for axis in axes:
        values = _correlate_axis_adjoint(values, weights, axis)
    return values


def _ssim_gradient(x, y, s, inner, *, data_range, k1, k2, weights, cov_norm):
    """The gradient with respect to ``y`` of the mean of the SSIM map ``s`` over
    ``inner``.

    Per pixel the map is S = A1 A2 / (B1 B2) with A1 = 2 ux uy + C1,
    A2 = 2 vxy + C2, B1 = ux² + uy² + C1, B2 = vx + vy + C2, and vy, vxy
    are ``cov_norm`` times local-mean differences. Its partial derivatives
    with respect to the three local means that involve ``y``, namely
    uy = F y, syy = F y² and sxy = F xy, are
    ∂S/∂uy = 2 ux (A2 - c A1) / (B1 B2) - 2 uy S (1/B1 - c/B2) (with a
    common offset taken from x and y, the means in A2 and B2, here ux and uy
    after the first c, are those about it),
    ∂S/∂syy = -c S / B2 and ∂S/∂sxy = 2 c A1 / (B1 B2), c = ``cov_norm``.
    The mean counts each pixel of ``inner`` once and no other, so the chain
    rule through the linear filter F applies its transpose to each partial
    masked to ``inner`` and divided by the number of pixels there. Arrays
    are overwritten as soon as they are used, to keep the memory low.
    """
    spatial_axes = range(1, x.ndim)

    def local_mean(values):
        return _local_mean(values, weights, spatial_axes)

    def back(partial):
        """F transposed, applied to the partial's share of the mean (``partial`` is
        reused).
        """
        share = np.zeros_like(partial)
        share[inner] = partial[inner] / share[inner].size
        return _local_mean_adjoint(share, weights, spatial_axes)

    offset = _common_offset(x, y)  # as in _ssim_map: x, y and their means about it
    if offset:
        x, y = x - offset, y - offset
    ux, uy = local_mean(x), local_mean(y)
    a2 = local_mean(x * y)
    a2 -= ux * uy
    a2 *= 2 * cov_norm
    a2 += (k2 * data_range) ** 2  # 2 vxy + C2
    b2 = local_mean(x * x)
    b2 -= ux * ux
    b2 += local_mean(y * y)
    b2 -= uy * uy
    b2 *= cov_norm
    b2 += (k2 * data_range) ** 2  # vx + vy + C2
    c1 = (k1 * data_range) ** 2
    # the luminance term takes the means themselves
    mx, my = (ux + offset, uy + offset) if offset else (ux, uy)
    a1 = 2 * mx * my + c1
    b1 = mx * mx + my * my + c1
    partial = a1 / b1
    partial *= 2 * cov_norm / b2  # ∂S/∂sxy
    grad = x * back(partial)
    np.divide(s, b2, out=partial)
    partial *= -cov_norm  # ∂S/∂syy
    grad += 2 * y * back(partial)
    if offset:  # ux' and uy' (about the offset) in A2 and B2, ux and uy in A1, B1
        a2 *= mx
        a2 -= cov_norm * a1 * ux
    else:
        a2 -= cov_norm * a1
        a2 *= ux
    a2 /= b1
    a2 /= b2
    a2 *= 2  # 2 (ux A2 - c ux' A1) / (B1 B2)
    if offset:
        np.divide(cov_norm * uy, b2, out=partial)
        partial -= my / b1
        partial *= 2
    else:
        np.divide(cov_norm, b2, out=partial)
        partial -= 1 / b1
        partial *= 2 * uy
    partial *= s  # -2 S (uy / B1 - c uy' / B2)
    partial += a2  # ∂S/∂uy
    grad += back(partial)
    return grad


def _ssim_map(x, y, *, win_size, data_range, k1, k2, weights, use_sample_covariance):
    """The SSIM of every pixel's window, for float64 images whose axis 0 holds the
    channels.

    The five local means are filtered one at a time and the later quantities
    overwrite the arrays they come from, so the peak memory is about ten
    float64 copies of the image.
    """
    spatial_axes = range(1, x.ndim)
    cov_norm = _cov_norm(win_size, len(spatial_axes), use_sample_covariance)

    def local_mean(values):
        return _local_mean(values, weights, spatial_axes)

    offset = _common_offset(x, y)
    if offset:  # the variances about the offset; the means get it back below
        x, y = x - offset, y - offset
    ux, uy = local_mean(x), local_mean(y)
    vx = local_mean(x * x)
    vx -= ux * ux
    vx *= cov_norm  # cov_norm * (uxx - ux * ux)
    vy = local_mean(y * y)
    vy -= uy * uy
    vy *= cov_norm
    a2 = local_mean(x * y)
    a2 -= ux * uy
    a2 *= cov_norm  # vxy
    c1 = (k1 * data_range) ** 2
    c2 = (k2 * data_range) ** 2
    a2 *= 2
    a2 += c2  # 2 vxy + c2
    b2 = vx
    b2 += vy
    b2 += c2  # vx + vy + c2
    del vy
    if offset:
        ux += offset
        uy += offset
    a1 = 2 * ux
    a1 *= uy
    a1 += c1  # 2 ux uy + c1
    b1 = ux
    b1 *= ux
    uy *= uy
    b1 += uy
    b1 += c1  # ux**2 + uy**2 + c1
    del uy
    a1 *= a2
    b1 *= b2
    del a2, b2
    with np.errstate(invalid="ignore"):
        ssim_map = np.divide(a1, b1, out=a1)  # (a1 * a2) / (b1 * b2)
    if np.isnan(ssim_map).any():
        raise ValueError(
            f"SSIM is 0/0 where the images are constant (K1={k1}, K2={k2}): with K1 or "
            "K2 at 0, a window without variance (or of zeros) has no defined "
            "similarity; use positive K1 and K2"
        )
    return ssim_map


def _common_offset(x, y):
    """0, or the midpoint of both images' values if it is far from 0 for their spread.

    Local variances are computed as E[x²] - E[x]², as scikit-image does, which
    loses about 2 log2(offset / spread) bits: every digit when the values share
    a large offset (1e12 + noise). About this midpoint they are the same
    variances without the cancellation. Up to 256 times the spread (16 bits)
    the offset stays, and with it the results agree with scikit-image's to
    the last bit or so.
    """
    low, high = min(x.min(), y.min()), max(x.max(), y.max())
    middle = low / 2 + high / 2
    return float(middle) if abs(middle) > 256 * (high / 2 - low / 2) else 0.0


def _scaled_to_data_range(x, y, data_range):
    """Both images in float64 divided by a power of two near ``data_range``, and that
    power.

    SSIM does not change when the images and the data range are divided by the same
    number; a power of two keeps every sum within float64's range, exactly.
    """
    scale = float(power_of_two_above(data_range))
    with np.errstate(over="ignore"):
        x = np.ascontiguousarray(x, dtype=np.float64) / scale
        y = np.ascontiguousarray(y, dtype=np.float64) / scale
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError(
            f"data_range={data_range} is too small for these images: their values "
            "divided by it are beyond float64"
        )
    return x, y, scale


def ssim(
    im1,
    im2,
    *,
    win_size=None,
    data_range=None,
    channel_axis=None,
    gaussian_weights=False,
    full=False,
    gradient=False,
    K1=0.01,  # noqa: N803 (scikit-image's names)
    K2=0.03,  # noqa: N803
    sigma=1.5,
    use_sample_covariance=True,
):
    r"""Mean structural similarity index (SSIM) of two images, as in scikit-image.

    Around every pixel a window compares the two images' local means
    :math:`\mu`, variances :math:`\sigma^2` and covariance :math:`\sigma_{xy}`:

    .. math::

        \mathrm{SSIM} = \frac{(2\mu_x\mu_y + C_1)(2\sigma_{xy} + C_2)}
                             {(\mu_x^2 + \mu_y^2 + C_1)(\sigma_x^2 + \sigma_y^2 + C_2)},
        \qquad C_1 = (K_1 L)^2,\ C_2 = (K_2 L)^2,

    with :math:`L` the data range. The result is the mean over the pixels
    whose window lies inside the image (a strip of half a window is left out
    at every edge), averaged over channels when there are several. It is 1
    for identical images and at most 1 otherwise.

    Parameters
    ----------
    im1, im2 : array-like of the same shape
        The images: real numbers (bool, int or float), all finite. Every axis
        is spatial (a 3-D array is a volume) unless ``channel_axis`` names one.
    win_size : odd int, optional
        Side of the window, at least 3 and at most the image's smallest
        spatial side. By default 7, or with ``gaussian_weights`` the width of
        the Gaussian (11 for ``sigma=1.5``); with ``gaussian_weights`` an
        explicit ``win_size`` only sets the edge strip that is left out and
        the sample-covariance correction, as in scikit-image.
    data_range : positive real number, optional
        :math:`L`, the span of values the pixels can take. Required for float
        images. By default 255 for uint8 and 1 for bool images; other integer
        dtypes must pass it (scikit-image warns and uses the dtype's full span,
        65535 for uint16, which is wrong for 12-bit data and absurd for int64).
    channel_axis : int, optional
        The axis that holds colour channels; each channel is compared on its
        own and the channel means are averaged.
    gaussian_weights : bool, default False
        Weight each window by a Gaussian of standard deviation ``sigma``
        truncated at 3.5 sigma, as Wang et al. (2004) do, instead of equally.
    full : bool, default False
        Also return the map of per-pixel SSIM values.
    gradient : bool, default False
        Also return the gradient of the returned mean SSIM with respect to
        ``im2``: exact (to rounding), edges and cropping included; see Notes.
    K1, K2 : float, default 0.01 and 0.03
        The constants of the formula, between 0 and 1.
    sigma : float, default 1.5
        The Gaussian's standard deviation, positive; with ``gaussian_weights``
        its window (7 sigma wide) may be at most four times the image's
        largest spatial side.
    use_sample_covariance : bool, default True
        Divide variances by N - 1 rather than N, N the number of pixels in a
        window. Set ``gaussian_weights=True, use_sample_covariance=False`` and
        the data range to reproduce Wang et al.

    Returns
    -------
    float, or a tuple of a float and one or two numpy.ndarray
        The mean SSIM alone, or with ``gradient=True`` the pair
        ``(mssim, grad)``, with ``full=True`` the pair ``(mssim, S)`` and
        with both ``(mssim, grad, S)``, in scikit-image's order. ``grad``
        (the derivative of ``mssim`` with respect to each pixel of ``im2``,
        in units of 1 / pixel value) and ``S`` (the SSIM map) are float64
        arrays of the images' shape.

    Raises
    ------
    TypeError
        If an image is not an array of real numbers, an option has the wrong
        type, or an unknown keyword argument is given (scikit-image ignores
        it; a misspelled ``k1`` would silently change nothing).
    ValueError
        If the images differ in shape, are empty or 0-d, contain NaN or
        infinity, are smaller than the window; if ``win_size`` is even or below
        3, ``channel_axis`` is out of range, ``data_range`` or ``sigma`` is not
        positive, ``K1`` or ``K2`` outside [0, 1], or both 0 where an image
        is constant (SSIM is then 0/0). Without ``data_range``: if an image
        is float (as in scikit-image), if the two dtypes differ or the dtype is
        an integer other than uint8 (where scikit-image only warns).

    See Also
    --------
    psnr : the peak signal-to-noise ratio, a rescaled mean squared error.

    Notes
    -----
    msebook computes in float64 for every dtype and returns a float64 map;
    scikit-image keeps float32 images in float32, so for them the two agree
    only to about six digits. For other dtypes they agree to rounding.

    The map is a function of five local means, :math:`\mu_x = Fx`,
    :math:`\mu_y = Fy`, :math:`Fx^2`, :math:`Fy^2` and :math:`Fxy`, all made by
    the same linear filter :math:`F` (the window, with reflected edges).
    The mean SSIM averages the map over the cropped interior, so its
    gradient is :math:`F^\top` applied to the map's partial derivatives with
    respect to :math:`\mu_y`, :math:`Fy^2` and :math:`Fxy`, each weighted by
    1 / (number of interior pixels) inside the crop and 0 outside, and then
    combined as :math:`g_{\mu} + 2y\,g_{yy} + x\,g_{xy}`. The transpose of
    the reflecting filter adds what fell on the reflected border back onto
    the pixels that were repeated. The sample-covariance factor
    :math:`N/(N-1)` multiplies every variance and so enters the partials.

    scikit-image 0.26 also offers ``gradient=True``, but what it returns is
    not the gradient of the value it returns: it differentiates the mean of
    the *uncropped* map, leaves out the factor :math:`N/(N-1)` of the
    default ``use_sample_covariance=True``. Its result differs from finite
    differences of its own ``mssim`` by tens of per cent to many times;
    msebook's agrees with them to about nine digits.

    Examples
    --------
    >>> import numpy as np
    >>> from msebook import ssim
    >>> rng = np.random.default_rng(0)
    >>> image = rng.integers(0, 256, size=(16, 16), dtype=np.uint8)
    >>> ssim(image, image)
    1.0
    >>> brighter = np.clip(image.astype(int) + 30, 0, 255).astype(np.uint8)
    >>> round(ssim(image, brighter), 4)
    0.979
    >>> value, ssim_map = ssim(image / 255, brighter / 255, data_range=1.0,
    ...                        gaussian_weights=True, full=True)
    >>> round(value, 4), ssim_map.shape
    (0.9813, (16, 16))
    >>> value, grad = ssim(image, brighter, gradient=True)
    >>> grad.shape, bool(grad.sum() > 0)  # brightening im2 further moves it away
    ((16, 16), False)
    >>> ssim(image / 255, brighter / 255)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    ValueError: im1 is a float image (float64); pass data_range, e.g. 1.0 for values in
    [0, 1]
    """
    im1 = as_image(im1, "im1")
    im2 = as_image(im2, "im2")
    check_same_shape(im1, im2, "im1", "im2")
    gaussian_weights = check_flag(gaussian_weights, "gaussian_weights")
    full = check_flag(full, "full")
    gradient = check_flag(gradient, "gradient")
    k1 = check_scalar(K1, "K1", low=0, high=1)
    k2 = check_scalar(K2, "K2", low=0, high=1)
    sigma = check_scalar(sigma, "sigma", low=0, low_open=True)
    use_sample_covariance = check_flag(use_sample_covariance, "use_sample_covariance")
    channel_axis = _check_channel_axis(channel_axis, im1.ndim)
    if channel_axis is None:
        x, y = im1[np.newaxis], im2[np.newaxis]
    else:
        x, y = np.moveaxis(im1, channel_axis, 0), np.moveaxis(im2, channel_axis, 0)
    win_size = _check_win_size(win_size, x.shape[1:], gaussian_weights, sigma)
    data_range = _ssim_data_range(data_range, im1, im2)
    if gaussian_weights:
        _check_gaussian_window(sigma, x.shape[1:])
    x, y, scale = _scaled_to_data_range(x, y, data_range)
    weights = _window_weights(win_size, gaussian_weights, sigma)
    ssim_map = _ssim_map(
        x,
        y,
        win_size=win_size,
        data_range=data_range / scale,
        k1=k1,
        k2=k2,
        weights=weights,
        use_sample_covariance=use_sample_covariance,
    )
    pad = (win_size - 1) // 2
    inner = (slice(None), *(slice(pad, side - pad) for side in ssim_map.shape[1:]))
    cropped = ssim_map[inner]
    value = float(np.mean([channel.mean(dtype=np.float64) for channel in cropped]))
    results = [value]
    if gradient:
        grad = _ssim_gradient(
            x,
            y,
            ssim_map,
            inner,
            data_range=data_range / scale,
            k1=k1,
            k2=k2,
            weights=weights,
            cov_norm=_cov_norm(win_size, x.ndim - 1, use_sample_covariance),
        )
        results.append(_restore_axes(grad / scale, channel_axis))
    if full:
        results.append(_restore_axes(ssim_map, channel_axis))
    return value if len(results) == 1 else tuple(results)


def _restore_axes(per_channel, channel_axis):
    """An array whose axis 0 holds the channels, back in the layout of the images."""
    if channel_axis is None:
        return per_channel[0]
    return np.ascontiguousarray(np.moveaxis(per_channel, 0, channel_axis))


MS_SSIM_BETAS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)
"""The exponents of the five scales of MS-SSIM, finest first (Wang, Simoncelli and Bovik
2003, Table 1).
"""

_MS_SSIM_NORMALIZE = (None, "relu", "simple")


def _check_betas(betas):
    """Return the scale exponents as a tuple of floats: at least one, each finite and
    non-negative.
    """
    if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__"):
        raise TypeError(
            "betas must be a sequence of non-negative numbers, one per scale, got "
            f"{betas!r}"
        )
    if len(betas) == 0:
        raise ValueError("betas is empty; it needs one exponent per scale")
    checked = tuple(
        check_scalar(beta, f"betas[{index}]", low=0) for index, beta in enumerate(betas)
    )
    if sum(checked) == 0:
        raise ValueError(
            "betas are all 0, so MS-SSIM would be 1 for any images; give some scale a "
            "positive exponent"
        )
    return checked


def _check_ms_ssim_size(spatial_shape, n_scales, win_size):
    """Each side must still hold a whole window after ``n_scales - 1`` halvings."""
    least = win_size * 2 ** (n_scales - 1)
    if len(spatial_shape) != 2:
        raise ValueError(
            "im1 and im2 must be 2-D images (with channel_axis, 3-D with one channel "
            f"axis), got spatial shape {spatial_shape}"
        )
    if min(spatial_shape) < least:
        raise ValueError(
            f"im1 and im2 (spatial shape {spatial_shape}) are too small for {n_scales} "
            f"scales (len(betas)) with a {win_size}-pixel window (sigma): each side "
            f"must be at least {win_size} * 2**{n_scales - 1} = {least} pixels; pass "
            "fewer betas or a smaller sigma"
        )


def _halve(values):
    """2 x 2 average pooling of the two spatial axes (1 and 2), dropping an odd last row
    or column.
    """
    channels, height, width = values.shape
    height, width = height // 2, width // 2
    blocks = values[:, : 2 * height, : 2 * width].reshape(channels, height, 2, width, 2)
    return blocks.mean(axis=(2, 4))


def _ssim_and_cs(x, y, *, weights, c1, c2, offset):
    """The mean SSIM (uncropped) and mean contrast-structure term (cropped) of one
    scale, as torchmetrics has them.

    ``x`` and ``y`` are the images minus ``offset`` (see :func:`_common_offset`).
    """
    axes = (1, 2)

    def local_mean(values):
        return _local_mean(values, weights, axes, mode="reflect")

    ux, uy = local_mean(x), local_mean(y)
    vx = np.maximum(local_mean(x * x) - ux * ux, 0.0)
    vy = np.maximum(local_mean(y * y) - uy * uy, 0.0)
    vxy = local_mean(x * y) - ux * uy
    if offset:
        ux, uy = ux + offset, uy + offset
    with np.errstate(invalid="ignore", divide="ignore"):
        cs_map = (2 * vxy + c2) / (vx + vy + c2)
        ssim_map = (2 * ux * uy + c1) / (ux * ux + uy * uy + c1) * cs_map
    pad = len(weights) // 2
    cs = float(cs_map[:, pad:-pad, pad:-pad].mean(dtype=np.float64))
    return float(ssim_map.mean(dtype=np.float64)), cs


def ms_ssim(
    im1,
    im2,
    *,
    data_range=None,
    channel_axis=None,
    betas=MS_SSIM_BETAS,
    normalize="relu",
    K1=0.01,  # noqa: N803 (the names of ssim)
    K2=0.03,  # noqa: N803
    sigma=1.5,
):
    r"""Multi-scale structural similarity (MS-SSIM) of two 2-D images, as torchmetrics
    computes it.

    SSIM compares the images at one resolution. MS-SSIM (Wang, Simoncelli and
    Bovik 2003) compares them at ``M = len(betas)`` resolutions, halving the
    image between scales by 2 x 2 averaging. At each scale :math:`j` it keeps
    the mean contrast-structure term

    .. math::

        \mathrm{cs}_j = \operatorname{mean}
            \frac{2\sigma_{xy} + C_2}{\sigma_x^2 + \sigma_y^2 + C_2},

    and at the coarsest scale the mean SSIM itself; the result is

    .. math::

        \mathrm{MS\text{-}SSIM} = \mathrm{SSIM}_M^{\beta_M}
            \prod_{j=1}^{M-1} \mathrm{cs}_j^{\beta_j}.

    The window is a Gaussian of standard deviation ``sigma`` truncated at
    3.5 sigma (11 pixels for 1.5), and variances divide by the window's
    weight (no sample-covariance factor), as in the paper.

    Parameters
    ----------
    im1, im2 : array-like of the same shape
        The images: real numbers (bool, int or float), all finite, 2-D, or
        3-D with ``channel_axis``.
    data_range : positive real number, optional
        :math:`L` in :math:`C_1 = (K_1 L)^2` and :math:`C_2 = (K_2 L)^2`, the
        span of values the pixels can take. Required for float images; by
        default 255 for uint8 and 1 for bool images, as for :func:`ssim`.
    channel_axis : int, optional
        The axis that holds colour channels. The per-scale means run over
        every channel and pixel together, as in torchmetrics (not one
        MS-SSIM per channel, averaged).
    betas : sequence of non-negative numbers, default MS_SSIM_BETAS
        The exponent of each scale, finest first; their number is the
        number of scales. The default is the paper's five
        (0.0448, 0.2856, 0.3001, 0.2363, 0.1333).
    normalize : {'relu', None, 'simple'}, default 'relu'
        What to do with the per-scale values, which can be negative (an
        anti-correlated structure) where a fractional power is undefined.
        ``'relu'`` (torchmetrics' default) replaces a negative value by 0;
        ``'simple'`` maps every value :math:`v` to :math:`(v + 1) / 2`; with
        ``None`` (the paper) a negative value raises a ``ValueError``
        (torchmetrics returns NaN).
    K1, K2 : float, default 0.01 and 0.03
        The constants of the formula, between 0 and 1.
    sigma : float, default 1.5
        The Gaussian window's standard deviation, positive.

    Returns
    -------
    float
        MS-SSIM: 1 for identical images, at most 1 otherwise (with the
        default ``normalize``, at least 0).

    Raises
    ------
    TypeError
        If an image is not an array of real numbers, or an option has the
        wrong type.
    ValueError
        If the images differ in shape, are empty, contain NaN or infinity,
        are not 2-D (3-D with ``channel_axis``), or have a side shorter than
        the window times :math:`2^{M-1}` (176 pixels for the defaults: the
        coarsest scale must still hold a window); if ``betas`` is empty, all
        0 or has a negative or non-finite entry; if ``normalize`` is not one
        of the three; if ``data_range``, ``sigma``, ``K1`` or ``K2`` is out of
        range, or without ``data_range`` for float images.

    See Also
    --------
    ssim : the single-scale index (scikit-image's conventions).

    Notes
    -----
    The result agrees with torchmetrics'
    ``multiscale_structural_similarity_index_measure`` for the same
    ``data_range``, ``betas``, ``sigma``, ``K1``, ``K2`` and ``normalize``:
    to about nine digits for float64 tensors (torchmetrics stores the
    exponents as float32, 0.0448 becoming 0.04479999840; with ``betas``
    rounded to float32 the two agree to rounding), and to about six digits
    for float32 tensors, which torchmetrics computes in float32 (msebook
    computes in float64 for every dtype). Its conventions differ
    from the paper's and from :func:`ssim` in four ways, all followed here:

    * the edges are extended by reflection without repeating the edge pixel
      (PyTorch's ``'reflect'``), and the coarsest scale's SSIM is the mean of
      the whole map, edges included, while the contrast-structure terms
      leave out a strip of half a window at every edge;
    * the last scale contributes the mean of the SSIM map (luminance times
      contrast-structure, pixel by pixel), not the paper's product of the
      mean luminance term and the mean contrast-structure term; the
      reference MATLAB code of the authors does the same;
    * halving averages 2 x 2 blocks and drops an odd last row or column
      (the MATLAB code filters and keeps the odd pixel), and there is no
      cropping to a window-free interior at each scale as in the MATLAB
      code's ``'valid'`` filtering;
    * local variances are clamped at 0 before use, and ``normalize``
      (absent from the paper) defaults to ``'relu'``.

    The data range stays the same at every scale. torchmetrics, when not
    given a data range, takes the spread of the values at each scale
    instead; msebook asks for it, as :func:`ssim` does.

    Examples
    --------
    >>> import numpy as np
    >>> from msebook import ms_ssim
    >>> rng = np.random.default_rng(0)
    >>> image = rng.random((192, 192))
    >>> ms_ssim(image, image, data_range=1.0)
    1.0
    >>> noisy = np.clip(image + rng.normal(0, 0.1, image.shape), 0, 1)
    >>> round(ms_ssim(image, noisy, data_range=1.0), 4)
    0.9538
    >>> ms_ssim(image[:100], noisy[:100], data_range=1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: im1 and im2 (spatial shape (100, 192)) are too small for 5 scales ...
    """
    im1 = as_image(im1, "im1")
    im2 = as_image(im2, "im2")
    check_same_shape(im1, im2, "im1", "im2")
    k1 = check_scalar(K1, "K1", low=0, high=1)
    k2 = check_scalar(K2, "K2", low=0, high=1)
    sigma = check_scalar(sigma, "sigma", low=0, low_open=True)
    betas = _check_betas(betas)
    if normalize not in _MS_SSIM_NORMALIZE:
        raise ValueError(
            f"normalize must be 'relu', 'simple' or None, got {normalize!r}"
        )
    channel_axis = _check_channel_axis(channel_axis, im1.ndim)
    if channel_axis is None:
        x, y = im1[np.newaxis], im2[np.newaxis]
    else:
        x, y = np.moveaxis(im1, channel_axis, 0), np.moveaxis(im2, channel_axis, 0)
    _check_gaussian_window(sigma, x.shape[1:])
    win_size = 2 * _gaussian_radius(sigma) + 1
    if win_size < 3:
        raise ValueError(
            f"sigma={sigma} gives a Gaussian window of 1 pixel; use a sigma of at "
            "least 0.3"
        )
    _check_ms_ssim_size(x.shape[1:], len(betas), win_size)
    data_range = _ssim_data_range(data_range, im1, im2)
    x, y, scale = _scaled_to_data_range(x, y, data_range)
    weights = _window_weights(win_size, True, sigma)
    c1 = (k1 * data_range / scale) ** 2
    c2 = (k2 * data_range / scale) ** 2
    offset = _common_offset(x, y)  # taken off before halving, which would round it
    if offset:
        x, y = x - offset, y - offset
    values = []
    for level in range(len(betas)):
        if level:
            x, y = _halve(x), _halve(y)
        sim, cs = _ssim_and_cs(x, y, weights=weights, c1=c1, c2=c2, offset=offset)
        values.append(cs)
    values[-1] = sim
    values = np.array(values)
    if np.isnan(values).any():
        raise ValueError(
            f"MS-SSIM is 0/0 where the images are constant (K1={k1}, K2={k2}): with K1 "
            "or K2 at 0, a window without variance (or of zeros) has no defined "
            "similarity; use positive K1 and K2"
        )
    if normalize == "relu":
        values = np.maximum(values, 0.0)
    elif normalize == "simple":
        values = (values + 1) / 2
    elif (values < 0).any():
        scale_index = int(np.argmax(values < 0))
        raise ValueError(
            f"the similarity at scale {scale_index + 1} of {len(values)} (1 the "
            f"finest) is negative ({values[scale_index]:.4g}), and a negative number "
            "has no real fractional power; pass normalize='relu' or 'simple'"
        )
    return float(np.prod(values ** np.array(betas)))
