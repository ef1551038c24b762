"""transformers' Trainer: fine-tunes a tiny BERT classifier for one epoch and calls
trainer.create_model_card() (what push_to_hub writes). `codecarbon` in argv[2] adds
report_to=["codecarbon"] (the CodeCarbonCallback, which leaves emissions.csv in the output
folder); `none` reports to nothing. Usage: python trainer.py OUT_DIR codecarbon|none"""
import sys
from pathlib import Path

from tiny import workdir, offline, tiny_bert, SENTENCES

offline()
from datasets import Dataset  # noqa: E402
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments  # noqa: E402

out, report = workdir(sys.argv[1]), sys.argv[2]
base = tiny_bert(out / "base", labels=["negative", "positive"])
tok = AutoTokenizer.from_pretrained(base)
model = AutoModelForSequenceClassification.from_pretrained(base)
labels = [1 if ("good" in t or "great" in t) else 0 for t in SENTENCES]
ds = Dataset.from_dict({"text": SENTENCES, "label": labels}).map(
    lambda b: tok(b["text"], padding="max_length", max_length=16, truncation=True), batched=True)
args = TrainingArguments(output_dir=str(out / "model"), num_train_epochs=1, per_device_train_batch_size=8,
                         save_strategy="no", logging_steps=1, use_cpu=True,
                         report_to=["codecarbon"] if report == "codecarbon" else "none")
trainer = Trainer(model=model, args=args, train_dataset=ds, eval_dataset=ds)
trainer.train()
trainer.evaluate()
trainer.save_model()
trainer.create_model_card(model_name="tiny-bert-sentiment", language="en", license="apache-2.0",
                          finetuned_from="tiny-bert", tasks="text-classification")
