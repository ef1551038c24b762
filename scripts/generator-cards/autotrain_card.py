"""AutoTrain (autotrain-advanced): the package pulls a large server stack, so it is not
installed; its wheel (pip download --no-deps) is unpacked and its own text-classification
`create_model_card` runs unmodified on a real transformers Trainer that fine-tuned a tiny BERT
with AutoTrain's own metrics function. AutoTrain's config is a plain namespace with the fields
the function reads. Usage: python autotrain_card.py OUT_DIR UNPACKED_WHEEL_DIR"""
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(sys.argv[2]).resolve()))
from tiny import workdir, offline, tiny_bert, SENTENCES  # noqa: E402

offline()
from autotrain.trainers.text_classification import utils  # noqa: E402
from datasets import Dataset  # noqa: E402
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments  # noqa: E402

out = workdir(sys.argv[1])
base = tiny_bert(out / "base", labels=["negative", "positive"])
tok = AutoTokenizer.from_pretrained(base)
model = AutoModelForSequenceClassification.from_pretrained(base)
labels = [1 if ("good" in t or "great" in t) else 0 for t in SENTENCES]
ds = Dataset.from_dict({"text": SENTENCES, "label": labels}).map(
    lambda b: tok(b["text"], padding="max_length", max_length=16, truncation=True), batched=True)
args = TrainingArguments(output_dir=str(out / "model"), num_train_epochs=1, per_device_train_batch_size=8,
                         save_strategy="no", report_to="none", use_cpu=True)
trainer = Trainer(model=model, args=args, train_dataset=ds, eval_dataset=ds,
                  compute_metrics=utils._binary_classification_metrics)
trainer.train()
config = SimpleNamespace(valid_split="validation", data_path="stanfordnlp/imdb",
                         project_name="autotrain-tiny-bert", model="google-bert/bert-base-uncased")
(out / "model").mkdir(exist_ok=True)
(out / "model" / "README.md").write_text(utils.create_model_card(config, trainer, 2))
