"""spaCy's matrix products through numpy's BLAS instead of thinc's BLIS.

thinc multiplies matrices with BLIS, and the BLIS that pip installs (the cython-blis wheels) is built
with its portable "generic" kernels only: no AVX2 or AVX-512 code on any CPU (``BLIS_ARCH_DEBUG=1``
prints "selecting sub-configuration 'generic'"). numpy's OpenBLAS picks the CPU's own kernels when it
loads. With thinc's ``gemm`` routed to numpy, en_core_web_sm's tok2vec layers (its own and NER's)
ran in half the time and the whole pipeline in two thirds (53 -> 36 ms an article here), with the
same tags, parses, lemmas and entities: the products differ from BLIS's only in the last bits of a
float, as they do between two CPUs (tests/test_matrix_ops.py compares every token's annotations).

The parser's and NER's per-step products go through thinc's C-level BLAS table, which stays BLIS.

An analysis process runs OpenBLAS on one thread (``single_threaded_blas``): its parallelism is one
process per core, and a second BLAS thread per process only contends for the same cores.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy
from thinc.api import NumpyOps, get_current_ops, set_current_ops


class NumpyBlasOps(NumpyOps):  # type: ignore[misc]  # thinc's Cython class is untyped
    """thinc's CPU operations, with ``gemm`` done by numpy (and so by its BLAS)."""

    name = "numpy_blas"

    def gemm(self, x: Any, y: Any, *, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        if x.dtype != numpy.float32 or y.dtype != numpy.float32 or x.ndim != 2 or y.ndim != 2:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)  # its checks and errors
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        return numpy.matmul(a, b, out=out)


@contextlib.contextmanager
def numpy_blas() -> Iterator[None]:
    """Models built (loaded) inside this block multiply through numpy: thinc gives each layer the
    operations current when it is created."""
    previous = get_current_ops()
    set_current_ops(NumpyBlasOps())
    try:
        yield
    finally:
        set_current_ops(previous)


def single_threaded_blas() -> None:
    """Keep every BLAS library loaded in this process to one thread (for a process per core)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
