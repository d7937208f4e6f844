"""Words and ids: PTB's special tokens, chapter 2's tokenizer and preprocess, a sentence -> word ids."""
import numpy as np

EOS = "<eos>"  # PTB's end of sentence (one at each line end)
UNK = "<unk>"  # PTB's token for every rare word


def preprocess(text):
    """'You say goodbye and I say hello.' -> (corpus (n,) int ids, word_to_id, id_to_word).

    Lower-cases, splits the final period off as its own word, and numbers words
    in order of first appearance.
    """
    words = text.lower().replace(".", " .").split()
    word_to_id, id_to_word = {}, {}
    for word in words:
        if word not in word_to_id:
            new_id = len(word_to_id)
            word_to_id[word] = new_id
            id_to_word[new_id] = word
    corpus = np.array([word_to_id[w] for w in words], dtype=np.int64)
    return corpus, word_to_id, id_to_word
