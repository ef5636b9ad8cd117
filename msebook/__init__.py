"""msebook: mean squared error and its relatives, as used by The MSE Book.

The public API is flat:

>>> import msebook
>>> msebook.mse([250, 300, 180, 420, 350], [240, 310, 200, 400, 360])
220.0
"""
from . import history
from .metrics import mae, mse, rmse

__all__ = ["mse", "rmse", "mae"]
__version__ = "0.1.0"
