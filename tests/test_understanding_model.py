"""The learned second opinion: the committed weights are what the corpus trains, and scoring them in numpy
gives what scikit-learn gives."""

from __future__ import annotations

import numpy as np
import pytest

from bot.understanding import model as learned
from bot.understanding import train

sklearn = pytest.importorskip("sklearn", reason="scikit-learn trains the model (requirements-dev.txt)")


def test_the_committed_model_loads_with_three_heads_and_its_thresholds():
    model = learned.default()
    assert set(model.heads) == {"crisis", "danger", "intent"}
    assert model.heads["danger"].classes == ("both", "other", "self")
    assert {"crisis", "stop", "urge", "thanks", "feeling", "question"} <= set(model.heads["intent"].classes)
    limits = model.thresholds
    assert 0 < limits["crisis_low"] <= limits["crisis_high"] < 1 and 0 < limits["intent_min"] < 1


def test_scores_are_probabilities_for_any_text():
    for text in ("", "i want to die", "😭😭", "x" * 1600, "\x00\x01"):
        scores = learned.default().score(text)
        for head in scores.values():
            assert all(0 <= p <= 1 for p in head.values()) and abs(sum(head.values()) - 1) < 1e-9


def test_numpy_scoring_matches_scikit_learn_exactly():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = ["i want to call him", "he hit me", "i want to die", "thanks so much", "called him twice", "no more",
             "i miss her", "he is outside my house", "took all my pills", "ok cool"] * 3
    labels = ["urge", "crisis", "crisis", "thanks", "contacted", "stop", "feeling", "crisis", "crisis", "thanks"] * 3
    vectorizer = TfidfVectorizer(analyzer=learned.features, sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    fitted = LogisticRegression(C=4.0, max_iter=2000).fit(matrix, labels)
    head = learned.Head(tuple(fitted.classes_), fitted.coef_, fitted.intercept_)
    model = learned.Model({t: i for i, t in enumerate(vectorizer.get_feature_names_out())}, vectorizer.idf_,
                          {"intent": head}, {})
    for text in ("i really want to call him tonight", "he hit me again", "thanks!", "unknown words only"):
        ours = model.score(text, ("intent",))["intent"]
        theirs = dict(zip(fitted.classes_, fitted.predict_proba(vectorizer.transform([text]))[0], strict=True))
        assert all(abs(ours[c] - theirs[c]) < 1e-9 for c in theirs)


def test_the_crisis_ensemble_is_the_average_of_its_two_scikit_learn_models():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = ["i want to die", "he hit me", "i want to call him", "thanks so much", "took all my pills", "ok cool",
             "he has a gun", "i miss her so much", "cant go on", "called him twice"] * 3
    labels = [1, 1, 0, 0, 1, 0, 1, 0, 1, 0] * 3
    vectorizer = TfidfVectorizer(analyzer=learned.features, sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    terms = vectorizer.get_feature_names_out()
    words_only = np.array([not term.startswith("c:") for term in terms])
    full = LogisticRegression(C=32.0, max_iter=2000).fit(matrix, labels)
    words = LogisticRegression(C=64.0, max_iter=2000).fit(matrix[:, words_only], labels)
    word_weights = np.zeros((1, len(terms)))
    word_weights[0, words_only] = words.coef_[0]
    head = learned.Head(("none", "crisis"), np.vstack((full.coef_, word_weights)),
                        np.array((full.intercept_[0], words.intercept_[0])))
    model = learned.Model({t: i for i, t in enumerate(terms)}, vectorizer.idf_, {"crisis": head}, {})
    for text in ("i just want to die tonight", "he hit me with a gun", "thanks!", "unknown words only"):
        vector = vectorizer.transform([text])
        theirs = (full.predict_proba(vector)[0][1] + words.predict_proba(vector[:, words_only])[0][1]) / 2
        assert abs(model.score(text, ("crisis",))["crisis"]["crisis"] - theirs) < 1e-9


def test_the_committed_model_is_what_the_corpus_trains():
    # Retrain from tests/corpus and compare: a stale model.npz (corpus edited, `make model` not run) fails here.
    arrays = train.train()
    committed = learned.default()
    assert arrays["vocabulary"].tolist() == list(committed.vocabulary)
    for name in learned.HEADS:
        assert np.allclose(arrays[f"{name}_weights"], committed.heads[name].weights, atol=1e-4)
        assert np.allclose(arrays[f"{name}_bias"], committed.heads[name].bias, atol=1e-4)


def test_written_weights_are_the_same_bytes_for_the_same_arrays(tmp_path):
    arrays = {"b": np.arange(3, dtype=np.float32), "a": np.array(["x", "y"])}
    train.write(tmp_path / "one.npz", arrays)
    train.write(tmp_path / "two.npz", dict(reversed(list(arrays.items()))))
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    with np.load(tmp_path / "one.npz") as loaded:
        assert loaded["a"].tolist() == ["x", "y"]
