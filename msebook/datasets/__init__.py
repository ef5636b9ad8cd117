"""Small real data sets that ship with msebook, for the chapters' examples.

:func:`load_breast_cancer` returns the Wisconsin Diagnostic Breast Cancer data:
569 breast masses, each described by 30 measurements of the cell nuclei in
a digitised image of a fine-needle aspirate, and diagnosed malignant or benign
(Street, Wolberg and Mangasarian 1993). The file is the copy scikit-learn
ships (``sklearn/datasets/data/breast_cancer.csv``), with its header line and
its coding of the diagnosis: 0 for malignant, 1 for benign.

Source: W. H. Wolberg, O. L. Mangasarian, N. Street and W. N. Street,
"Breast Cancer Wisconsin (Diagnostic)", UCI Machine Learning Repository
(1993), https://doi.org/10.24432/C5DW2B, licensed under Creative Commons
Attribution 4.0 (CC BY 4.0). Cite: W. N. Street, W. H. Wolberg and
O. L. Mangasarian, "Nuclear feature extraction for breast tumor diagnosis",
Proc. SPIE 1905, Biomedical Image Processing and Biomedical Visualization
(1993), 861-870, https://doi.org/10.1117/12.148698.
"""

import csv
from importlib import resources
from typing import NamedTuple

import numpy as np

__all__ = ["load_breast_cancer", "BreastCancer"]

_MEASURES = (
    "radius",
    "texture",
    "perimeter",
    "area",
    "smoothness",
    "compactness",
    "concavity",
    "concave points",
    "symmetry",
    "fractal dimension",
)
FEATURE_NAMES = (
    *(f"mean {measure}" for measure in _MEASURES),
    *(f"{measure} error" for measure in _MEASURES),
    *(f"worst {measure}" for measure in _MEASURES),
)


class BreastCancer(NamedTuple):
    """The Wisconsin Diagnostic Breast Cancer data, as :func:`load_breast_cancer`
    returns it.
    """

    data: np.ndarray
    """float64 array of shape (569, 30): the measurements, one row per mass."""
    target: np.ndarray
    """int64 array of shape (569,): 0 for malignant, 1 for benign."""
    feature_names: tuple
    """The 30 column names, as scikit-learn gives them."""
    target_names: tuple
    """``('malignant', 'benign')``: the names of target 0 and 1."""


def load_breast_cancer():
    """The Wisconsin Diagnostic Breast Cancer data (569 masses, 30 features, 2 classes).

    See the module's description for the source, licence and citation. The
    columns are the mean, standard error and worst value over the nuclei in
    the image of ten measures (radius, texture, ..., fractal dimension).

    Returns
    -------
    BreastCancer
        A named tuple ``(data, target, feature_names, target_names)``.

    Examples
    --------
    >>> from msebook.datasets import load_breast_cancer
    >>> cancer = load_breast_cancer()
    >>> cancer.data.shape, cancer.target_names
    ((569, 30), ('malignant', 'benign'))
    >>> int((cancer.target == 0).sum()), int((cancer.target == 1).sum())
    (212, 357)
    >>> cancer.feature_names[0], float(cancer.data[0, 0])
    ('mean radius', 17.99)
    """
    text = resources.files(__name__).joinpath("breast_cancer.csv").read_text()
    rows = list(csv.reader(text.splitlines()))
    n_samples, n_features, *names = rows[0]
    values = np.array(rows[1:], dtype=np.float64)
    if values.shape != (int(n_samples), int(n_features) + 1):
        raise ValueError("breast_cancer.csv does not have the shape its header gives")
    return BreastCancer(
        values[:, :-1],
        values[:, -1].astype(np.int64),
        FEATURE_NAMES,
        tuple(names),
    )
