"""msebook.dask: the in-memory answers from a tree reduction, on a real two-process
cluster too.
"""

import math
import pickle
from fractions import Fraction

import dask
import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from dask.delayed import Delayed
from distributed import Client, LocalCluster

import msebook
import msebook.dask
from msebook.streaming import MeanSquaredError, R2Score

U = 2.0**-53
# the in-memory bound of a sum of squares (msebook._stats), and one rounding for the
# mean
IN_MEMORY_BOUND = 256 + 17 + 1 + 1

# every regression metric of msebook.metrics that msebook.dask also has
REGRESSION = [name for name in msebook.dask.__all__ if name in msebook.metrics.__all__]
OPTIONS = {
    "huber": {"delta": 0.7},
    "pinball": {"alpha": 0.8},
    "tukey_biweight": {"c": 2.0},
}
CHUNKINGS = [97, 250, 1000]  # uneven, even, and one block


@pytest.fixture(scope="module")
def client():
    """Two worker processes of one thread each on this machine, with no dashboard."""
    cluster = LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        # no dashboard, and its HTTP server on a free port rather than 8787,
        # which another cluster on the machine may hold
        dashboard_address="127.0.0.1:0",
        scheduler_kwargs={"dashboard": False},
    )
    client = Client(cluster, set_as_default=False)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(params=["synchronous", pytest.param("cluster", marks=pytest.mark.slow)])
def scheduler(request):
    """Every computation of a test on the synchronous scheduler, then on the cluster."""
    chosen = (
        "synchronous"
        if request.param == "synchronous"
        else request.getfixturevalue("client")
    )
    with dask.config.set(scheduler=chosen):
        yield request.param


def _data(n=1000, outputs=None, seed=0):
    rng = np.random.default_rng(seed)
    shape = (n,) if outputs is None else (n, outputs)
    y_true = rng.uniform(0, 5, size=shape)  # above -1, for msle
    y_pred = y_true + rng.normal(scale=0.8, size=shape).clip(-0.9, None)
    return y_true, y_pred, rng.uniform(0, 3, size=n)


@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize("name", REGRESSION)
def test_every_metric_gives_the_in_memory_value_whatever_the_chunking(name, chunks):
    y_true, y_pred, weights = _data(outputs=3)
    with dask.config.set(scheduler="synchronous"):
        for options in (
            {},
            {"sample_weight": weights, "multioutput": "raw_values"},
            {"multioutput": [1.0, 2.0, 0.5]},
        ):
            options = {**options, **OPTIONS.get(name, {})}
            expected = getattr(msebook, name)(y_true, y_pred, **options)
            got = getattr(msebook.dask, name)(
                da.from_array(y_true, chunks=(chunks, 3)),
                da.from_array(y_pred, chunks=(chunks, 3)),
                **{
                    **options,
                    "sample_weight": None
                    if "sample_weight" not in options
                    else da.from_array(weights, chunks=chunks),
                },
            )
            assert type(got) is type(expected)
            np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)


def _exact_mse(y_true, y_pred, weights):
    total = sum(
        Fraction(w) * (Fraction(t) - Fraction(p)) ** 2
        for t, p, w in zip(y_true.tolist(), y_pred.tolist(), weights.tolist())
    )
    return total / sum(Fraction(w) for w in weights.tolist())


def test_mse_is_within_the_bound_of_the_exact_value_and_the_same_bits_each_run(
    scheduler,
):
    rng = np.random.default_rng(1)
    n = 20_000
    y_true = 1e3 + rng.normal(size=n) * 1e-2  # rounding-sensitive: a large offset
    y_pred = y_true + rng.normal(scale=1e-3, size=n)
    weights = rng.uniform(0, 2, size=n)
    exact = _exact_mse(y_true, y_pred, weights)
    for chunks in (1_000, 777, 20_000, 2_500):
        levels, blocks = 0, math.ceil(n / chunks)
        while blocks > 1:  # the levels of the merge tree
            levels, blocks = levels + 1, math.ceil(blocks / 8)
        bound = (IN_MEMORY_BOUND + 2 * 3 * levels) * U  # the sums, and the weights
        arrays = [da.from_array(a, chunks=chunks) for a in (y_true, y_pred, weights)]
        first = msebook.dask.mse(arrays[0], arrays[1], sample_weight=arrays[2])
        again = msebook.dask.mse(arrays[0], arrays[1], sample_weight=arrays[2])
        assert abs(Fraction(first) - exact) <= bound * exact
        assert first == again  # bit for bit
        assert abs(first - msebook.mse(y_true, y_pred, sample_weight=weights)) <= (
            2 * bound * first
        )


@pytest.mark.slow
def test_the_cluster_gives_the_same_bits_as_the_synchronous_scheduler(client):
    y_true, y_pred, weights = _data(n=3000, outputs=2, seed=2)
    arrays = [
        da.from_array(y_true, chunks=(300, 2)),
        da.from_array(y_pred, chunks=(250, 2)),
    ]
    w = da.from_array(weights, chunks=450)
    lazy = [
        getattr(msebook.dask, name)(
            *arrays,
            sample_weight=w,
            multioutput="raw_values",
            compute=False,
            **OPTIONS.get(name, {}),
        )
        for name in REGRESSION
    ]
    on_cluster = msebook.dask.compute(*lazy, scheduler=client)
    alone = msebook.dask.compute(*lazy, scheduler="synchronous")
    for name, got, expected in zip(REGRESSION, on_cluster, alone):
        np.testing.assert_array_equal(got, expected, err_msg=name)
        assert got.dtype == np.float64


def test_results_of_compute_false_share_one_pass_over_the_data():
    reads = []

    def block(index):
        reads.append(int(index[0]))
        return np.random.default_rng(int(index[0])).normal(size=100)

    y_true = da.map_blocks(
        block, da.arange(8, chunks=1), dtype=float, chunks=((100,) * 8,)
    )
    y_pred = y_true * 0.9
    with dask.config.set(scheduler="synchronous"):
        lazy = [
            msebook.dask.mse(y_true, y_pred, compute=False),
            msebook.dask.r2(y_true, y_pred, compute=False),
            msebook.dask.mae(y_true, y_pred, compute=False),
        ]
        assert all(isinstance(value, Delayed) for value in lazy)
        values = msebook.dask.compute(*lazy)
        assert sorted(reads) == list(range(8))  # each block read once for all three
        data = np.concatenate([block(np.array([i])) for i in range(8)])
    for value, function in zip(values, (msebook.mse, msebook.r2, msebook.mae)):
        assert value == pytest.approx(function(data, data * 0.9), rel=1e-12)


def test_dataframe_columns_and_unknown_lengths(scheduler):
    y_true, y_pred, weights = _data(n=2000, outputs=2, seed=3)
    frame = pd.DataFrame(
        {"y": y_true[:, 0], "z": y_true[:, 1], "p": y_pred[:, 0], "q": y_pred[:, 1]}
    )
    frame["w"] = weights
    ddf = dd.from_pandas(frame, npartitions=5)
    got = msebook.dask.mse(ddf["y"], ddf["p"], sample_weight=ddf["w"])
    assert got == pytest.approx(
        msebook.mse(y_true[:, 0], y_pred[:, 0], sample_weight=weights), rel=1e-12
    )
    # several outputs from several columns
    got = msebook.dask.r2(ddf[["y", "z"]], ddf[["p", "q"]], multioutput="raw_values")
    np.testing.assert_allclose(
        got, msebook.r2(y_true, y_pred, multioutput="raw_values"), rtol=1e-12
    )
    # a column of unknown partition lengths beside an array of other chunks: lengths
    # resolved
    array = da.from_array(y_pred[:, 0], chunks=333)
    assert msebook.dask.rmse(ddf["y"], array) == pytest.approx(
        msebook.rmse(y_true[:, 0], y_pred[:, 0]), rel=1e-12
    )
    # partitions of another frame, the same count but other lengths: found when read
    trimmed = dd.from_pandas(frame.iloc[:1990], npartitions=5)
    with pytest.raises(ValueError, match="y_pred has .* samples and that of y_true"):
        msebook.dask.mse(ddf["y"], trimmed["p"][trimmed["p"] > -1e9])


@pytest.mark.slow
def test_streaming_metrics_pickle_and_merge_in_other_processes(client):
    y_true, y_pred, weights = _data(n=600, outputs=2, seed=4)

    def seen(cls, start, stop):
        return cls(multioutput="raw_values").update(
            y_true[start:stop], y_pred[start:stop], sample_weight=weights[start:stop]
        )

    for cls, function in ((MeanSquaredError, msebook.mse), (R2Score, msebook.r2)):
        here = seen(cls, 0, 200).merge(seen(cls, 200, 600))
        copy = pickle.loads(pickle.dumps(here))
        np.testing.assert_array_equal(copy.result(), here.result())
        # each half seen in its own worker process, merged in a third step there
        left = client.submit(seen, cls, 0, 200, pure=False)
        right = client.submit(seen, cls, 200, 600, pure=False)
        merged = client.submit(lambda a, b: a.merge(b), left, right).result()
        assert type(merged) is cls
        np.testing.assert_array_equal(merged.result(), here.result())
        np.testing.assert_allclose(
            merged.result(),
            function(y_true, y_pred, sample_weight=weights, multioutput="raw_values"),
            rtol=1e-12,
        )
        assert len(client.scheduler_info()["workers"]) == 2


def test_brier_score_on_blocks():
    rng = np.random.default_rng(5)
    y_true = rng.integers(0, 2, size=900)
    y_prob = rng.uniform(size=900)
    with dask.config.set(scheduler="synchronous"):
        got = msebook.dask.brier_score(
            da.from_array(y_true, chunks=100), da.from_array(y_prob, chunks=200)
        )
        labels = np.array(["a", "b", "c"])
        classes = labels[rng.integers(0, 3, size=300)]
        probabilities = rng.dirichlet(np.ones(3), size=300)
        got3 = msebook.dask.brier_score(
            da.from_array(classes, chunks=70),
            da.from_array(probabilities, chunks=(70, 3)),
            labels=labels,
        )
    assert got == pytest.approx(msebook.brier_score(y_true, y_prob), rel=1e-12)
    assert got3 == pytest.approx(
        msebook.brier_score(classes, probabilities, labels=labels), rel=1e-12
    )


@pytest.mark.parametrize("chunks", [7, 50, 300])
def test_mase_scores_blocks_against_the_naive_forecast_of_the_history(chunks):
    rng = np.random.default_rng(6)
    y_train = np.cumsum(rng.normal(size=(120, 2)), axis=0)
    y_true = y_train[-1] + np.cumsum(rng.normal(size=(300, 2)), axis=0)
    y_pred = y_true + rng.normal(scale=0.5, size=(300, 2))
    weights = rng.uniform(size=300)
    options = {"y_train": y_train, "seasonality": 3, "sample_weight": weights}
    expected = msebook.mase(y_true, y_pred, multioutput="raw_values", **options)
    with dask.config.set(scheduler="synchronous"):
        blocks = [
            da.from_array(y_true, chunks=(chunks, 2)),
            da.from_array(y_pred, chunks=(chunks, 2)),
        ]
        options["sample_weight"] = da.from_array(weights, chunks=chunks)
        got = msebook.dask.mase(*blocks, multioutput="raw_values", **options)
        lazy = msebook.dask.mase(*blocks, compute=False, **options)
        history = msebook.dask.mase(
            *blocks, **{**options, "y_train": da.from_array(y_train, chunks=(40, 2))}
        )
        assert isinstance(lazy, Delayed)
        assert lazy.compute() == history
        with pytest.raises(ValueError, match="y_train has no finite change"):
            msebook.dask.mase(*blocks, y_train=np.ones((10, 2)))
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    assert history == pytest.approx(expected.mean(), rel=1e-12)


def test_nan_policies_and_weights_across_blocks():
    y_true, y_pred, weights = _data(n=500, outputs=2, seed=6)
    y_true[[3, 140, 141], 0] = np.nan
    y_pred[400, 1] = np.nan
    with dask.config.set(scheduler="synchronous"):
        for policy in ("omit", "propagate"):
            for name in ("mse", "r2", "mae", "sse"):
                options = {
                    "nan_policy": policy,
                    "multioutput": "raw_values",
                    "sample_weight": weights,
                }
                expected = getattr(msebook, name)(y_true, y_pred, **options)
                got = getattr(msebook.dask, name)(
                    da.from_array(y_true, chunks=(70, 2)),
                    da.from_array(y_pred, chunks=(70, 2)),
                    **{**options, "sample_weight": da.from_array(weights, chunks=70)},
                )
                np.testing.assert_allclose(got, expected, rtol=1e-12)


@pytest.mark.parametrize(
    "name, error", [("mse", 1.6e154), ("sse", 0.4e154), ("r2", 1e150), ("nmse", 1e150)]
)
def test_an_average_of_outputs_is_right_when_one_output_alone_overflows(name, error):
    # output 0's own value is beyond float64 (an sse of 1.9e308, an nmse of
    # 2.6e308), the average of the two outputs is not
    offsets = np.tile([0.0, 8e-5, -8e-5, 0.0], 3)
    y_true = np.c_[1 + offsets, 2 + 2 * offsets]
    y_pred = np.c_[1 + offsets + error, 3 + 2 * offsets]
    metric = getattr(msebook, name)
    assert not np.isfinite(metric(y_true, y_pred, multioutput="raw_values")[0])
    expected = metric(y_true, y_pred)
    assert np.isfinite(expected)
    with dask.config.set(scheduler="synchronous"):
        got = getattr(msebook.dask, name)(
            da.from_array(y_true, chunks=(5, 2)), da.from_array(y_pred, chunks=(5, 2))
        )
    assert got == pytest.approx(expected, rel=1e-13)


def test_bad_inputs_are_named_when_the_graph_is_built():
    a = da.ones(100, chunks=10)
    with pytest.raises(ValueError, match="same number of samples, got 100 and 99"):
        msebook.dask.mse(a, da.ones(99, chunks=10), compute=False)
    with pytest.raises(ValueError, match="same number of outputs, got 2 and 3"):
        msebook.dask.mse(da.ones((9, 2)), da.ones((9, 3)), compute=False)
    with pytest.raises(TypeError, match="y_pred must hold real numbers"):
        msebook.dask.mse(a, da.from_array(np.array(["x"] * 100)), compute=False)
    with pytest.raises(TypeError, match="y_true must hold real numbers, got complex"):
        msebook.dask.r2(a.astype(complex), a, compute=False)
    with pytest.raises(ValueError, match="sample_weight must have length 100, got 50"):
        msebook.dask.mae(a, a, sample_weight=da.ones(50), compute=False)
    with pytest.raises(ValueError, match="y_pred must be a 1-D or 2-D array"):
        msebook.dask.mse(a, da.ones((100, 1, 1)), compute=False)
    with pytest.raises(ValueError, match="multioutput must be"):
        msebook.dask.mse(a, a, multioutput="mean", compute=False)
    with pytest.raises(ValueError, match="nan_policy"):
        msebook.dask.mse(a, a, nan_policy="skip", compute=False)
    with pytest.raises(ValueError, match="delta"):
        msebook.dask.huber(a, a, delta=0, compute=False)
    with pytest.raises(ValueError, match="y_true is empty"):
        msebook.dask.mse(da.ones(0), da.ones(0), compute=False)
    frame = dd.from_pandas(pd.DataFrame({"s": ["a"] * 10, "x": 1.0}), npartitions=2)
    with pytest.raises(TypeError, match="y_true must hold real numbers"):
        msebook.dask.mse(frame["s"], frame["x"], compute=False)
    # blocks of different sizes are aligned, not refused
    with dask.config.set(scheduler="synchronous"):
        assert msebook.dask.mse(a, da.zeros(100, chunks=33)) == 1.0


def test_what_only_the_data_show_is_named_when_computed():
    y = np.arange(100.0)
    bad = y.copy()
    bad[57] = np.nan
    negative = np.ones(100)
    negative[12] = -1
    with dask.config.set(scheduler="synchronous"):
        lazy = msebook.dask.mse(
            da.from_array(y, chunks=10), da.from_array(bad, chunks=10), compute=False
        )
        with pytest.raises(ValueError, match=r"y_pred contains nan .*block 5"):
            lazy.compute()
        with pytest.raises(ValueError, match="sample_weight must be non-negative"):
            msebook.dask.mse(
                da.from_array(y, chunks=10),
                da.from_array(y, chunks=10),
                sample_weight=da.from_array(negative, chunks=10),
            )
        with pytest.raises(
            ValueError, match="msle needs every value of y_true above -1"
        ):
            msebook.dask.msle(
                da.from_array(y - 5, chunks=10), da.from_array(y, chunks=10)
            )
