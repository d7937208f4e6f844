"""Fixtures shared by tests/ (the root conftest.py sets up the environment of every run)."""
import pytest

import lib


@pytest.fixture(scope="session")
def chapter_model():
    """The model of notebook 5.5 and of the dashboards: SimpleRnnlm trained on the first 1000 PTB words for
    100 epochs (about 2 s): (model, word_to_id, id_to_word, corpus)."""
    from lib.datasets import ptb

    if not (ptb.get_data_dir() / "ptb.train.txt").exists():  # tests never download
        pytest.skip(f"the PTB training text is not in {ptb.get_data_dir()} (lib.datasets.ptb.load_data downloads it)")
    corpus, word_to_id, id_to_word = ptb.load_data("train")
    corpus = corpus[:1000]
    model = lib.SimpleRnnlm(418, 100, 100, rng=1)
    lib.RnnlmTrainer(model, lib.SGD(0.1)).fit(corpus[:-1], corpus[1:], max_epoch=100, batch_size=10, time_size=5)
    return model, word_to_id, id_to_word, corpus
