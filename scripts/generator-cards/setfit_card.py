"""SetFit: a tiny Sentence Transformer body, one epoch of SetFit training with CodeCarbon
installed, then save_pretrained: README.md is the card SetFit writes. Usage: python setfit_card.py OUT_DIR"""
import sys
from pathlib import Path

from tiny import workdir, offline, tiny_bert, SENTENCES

offline()
from datasets import Dataset  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
from setfit import SetFitModel, Trainer, TrainingArguments  # noqa: E402

out = workdir(sys.argv[1])
st_dir = out / "st-body"
SentenceTransformer(tiny_bert(out / "base")).save(str(st_dir))
model = SetFitModel.from_pretrained(str(st_dir), labels=["negative", "positive"])
texts = SENTENCES
labels = [1 if ("good" in t or "great" in t) else 0 for t in texts]
train = Dataset.from_dict({"text": texts, "label": labels})
args = TrainingArguments(output_dir=str(out / "run"), num_epochs=1, batch_size=4, num_iterations=2,
                         save_strategy="steps", save_steps=2, report_to=["codecarbon"], logging_steps=1)
trainer = Trainer(model=model, args=args, train_dataset=train, eval_dataset=train)
trainer.train()
model.save_pretrained(str(out / "model"))
