"""lib.text: the tokenizer, preprocess and words_to_ids shared by generation, widgets and notebooks."""
import numpy as np

from lib.text import EOS, UNK, preprocess, tokenize, words_to_ids


def test_tokenize_lower_cases_and_splits_the_period():
    assert tokenize("You say goodbye and I say hello.") == "you say goodbye and i say hello .".split()
    assert tokenize("  ") == []


def test_preprocess_numbers_words_by_first_appearance():
    corpus, word_to_id, id_to_word = preprocess("You say goodbye and I say hello.")
    assert corpus.tolist() == [0, 1, 2, 3, 4, 1, 5, 6]
    assert [id_to_word[i] for i in corpus] == tokenize("You say goodbye and I say hello.")
    assert all(id_to_word[word_to_id[w]] == w for w in word_to_id)


def test_words_to_ids_known_unknown_and_outside_the_vocabulary():
    word_to_id = {"you": 0, "say": 1, "hello": 2, ".": 3}
    ids, unknown = words_to_ids("You say hello .", word_to_id)
    assert unknown == [] and ids.dtype == np.int64 and ids.tolist() == [0, 1, 2, 3]
    ids, unknown = words_to_ids("you shout hello shout loudly", word_to_id)
    assert ids is None and unknown == ["shout", "loudly"]  # each once, in order
    ids, unknown = words_to_ids("you say hello", word_to_id, vocab_size=2)
    assert ids is None and unknown == ["hello"]  # in the dictionary, outside the model's vocabulary
    ids, unknown = words_to_ids("", word_to_id)
    assert unknown == [] and ids.size == 0


def test_words_to_ids_keeps_ptb_capital_tokens_and_reads_line_breaks_as_eos():
    word_to_id = {UNK: 0, "N": 1, "years": 2, "the": 3, EOS: 4}
    ids, unknown = words_to_ids("The <unk> N years\nthe", word_to_id)
    assert unknown == [] and ids.tolist() == [3, 0, 1, 2, 4, 3]
    assert words_to_ids("n", word_to_id) == (None, ["n"])  # 'N' is a token of its own, not 'n'
