"""Speed of msebook's psnr and ssim beside scikit-image's, on the same images.

Run with ``python benchmarks/images.py [--repeats N]``. Each line gives the
median wall time of N calls for both libraries and their ratio, and checks
that the two results agree before timing them.
"""

import argparse
import statistics
import time

import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from msebook import psnr, ssim


def median_seconds(function, repeats):
    """Median wall time of ``repeats`` calls of ``function()``, after one warm-up
    call.
    """
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cases():
    """(label, msebook call, scikit-image call) for a gray and a colour image, uint8 and
    float64.
    """
    rng = np.random.default_rng(0)
    gray = rng.integers(0, 256, size=(512, 512), dtype=np.uint8)
    gray_noisy = np.clip(gray + rng.normal(0, 10, size=gray.shape), 0, 255).astype(
        np.uint8
    )
    colour = rng.random((256, 256, 3))
    colour_noisy = np.clip(colour + rng.normal(0, 0.05, size=colour.shape), 0, 1)
    rgb = {"data_range": 1.0, "channel_axis": -1}
    return [
        (
            "psnr 512x512 uint8",
            lambda: psnr(gray, gray_noisy),
            lambda: peak_signal_noise_ratio(gray, gray_noisy),
        ),
        (
            "ssim 512x512 uint8",
            lambda: ssim(gray, gray_noisy),
            lambda: structural_similarity(gray, gray_noisy),
        ),
        (
            "ssim 512x512 uint8 gaussian",
            lambda: ssim(gray, gray_noisy, gaussian_weights=True),
            lambda: structural_similarity(gray, gray_noisy, gaussian_weights=True),
        ),
        (
            "ssim 256x256x3 float64",
            lambda: ssim(colour, colour_noisy, **rgb),
            lambda: structural_similarity(colour, colour_noisy, **rgb),
        ),
        (
            "ssim 256x256x3 float64 full map",
            lambda: ssim(colour, colour_noisy, full=True, **rgb)[0],
            lambda: structural_similarity(colour, colour_noisy, full=True, **rgb)[0],
        ),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeats", type=int, default=15, help="timed calls per function (default 15)"
    )
    repeats = parser.parse_args().repeats
    print(f"{'case':<34}{'msebook ms':>12}{'scikit-image ms':>17}{'ratio':>8}")
    for label, ours, theirs in cases():
        if not np.isclose(ours(), float(theirs()), rtol=1e-12, atol=0):
            raise SystemExit(
                f"{label}: msebook gives {ours()!r}, scikit-image {theirs()!r}"
            )
        our_time, their_time = (
            median_seconds(ours, repeats),
            median_seconds(theirs, repeats),
        )
        print(
            f"{label:<34}{our_time * 1e3:>12.2f}"
            f"{their_time * 1e3:>17.2f}{our_time / their_time:>8.2f}"
        )


if __name__ == "__main__":
    main()
