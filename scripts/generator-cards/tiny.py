"""A tiny BERT (2 layers, 32 dims) and its tokenizer, built from a config and a vocabulary
written here: no weights or data are downloaded. Shared by the generator scripts."""
import os
from pathlib import Path

WORDS = ("the a an is was and or not good bad great movie film book story plot actor "
         "love hate like fine poor best worst cat dog sky blue green red fast slow happy sad "
         "it this that one two three very quite really").split()


def tiny_bert(folder, labels=None):
    """Writes a randomly initialised tiny BERT with its tokenizer into `folder`."""
    from transformers import BertConfig, BertModel, BertForSequenceClassification, BertTokenizerFast

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + WORDS + [c for c in "abcdefghijklmnopqrstuvwxyz.,!?"]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n")
    tok = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True)
    cfg = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=64)
    if labels:
        cfg.num_labels = len(labels)
        cfg.id2label = dict(enumerate(labels))
        cfg.label2id = {l: i for i, l in enumerate(labels)}
        model = BertForSequenceClassification(cfg)
    else:
        model = BertModel(cfg)
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return str(folder)


def tiny_gpt2(folder):
    """A tiny GPT-2 (2 layers) with a word-level tokenizer, for the causal-LM generators."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vocab = {w: i for i, w in enumerate(["<unk>", "<eos>"] + WORDS + list(".,!?"))}
    t = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    t.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tok = PreTrainedTokenizerFast(tokenizer_object=t, unk_token="<unk>", eos_token="<eos>", pad_token="<eos>")
    tok.chat_template = ("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}"
                         "{% if add_generation_prompt %}assistant: {% endif %}")
    cfg = GPT2Config(vocab_size=len(vocab), n_embd=32, n_layer=2, n_head=2, n_positions=64,
                     bos_token_id=1, eos_token_id=1, pad_token_id=1)
    GPT2LMHeadModel(cfg).save_pretrained(folder)
    tok.save_pretrained(folder)
    return str(folder)


SENTENCES = [f"{a} {b} {c}" for a in ("the movie", "this book", "a story", "that film")
             for b in ("is", "was") for c in ("good", "bad", "great", "poor")]


def offline():
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("WANDB_DISABLED", "true")
    os.environ.setdefault("CODECARBON_LOG_LEVEL", "error")


def workdir(path):
    """Makes `path` and works inside it, so that the cards name `base`, not a temporary path."""
    Path(path).mkdir(parents=True, exist_ok=True)
    os.chdir(path)
    return Path(".")
