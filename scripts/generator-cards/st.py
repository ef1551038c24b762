"""Sentence Transformers: fine-tunes a tiny BERT for one epoch with SentenceTransformerTrainer
(CodeCarbon installed, so the trainer's CodeCarbonCallback measures the run) and saves it: the
README.md is the card the library writes. Usage: python st.py OUT_DIR"""
import sys
from pathlib import Path

from tiny import workdir, offline, tiny_bert, SENTENCES

offline()
from datasets import Dataset  # noqa: E402
from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer, losses  # noqa: E402
from sentence_transformers import SentenceTransformerTrainingArguments as Args  # noqa: E402

out = workdir(sys.argv[1])
base = tiny_bert(out / "base")
model = SentenceTransformer(base)
train = Dataset.from_dict({"anchor": SENTENCES[:12], "positive": SENTENCES[4:16]})
args = Args(output_dir=str(out / "run"), num_train_epochs=1, per_device_train_batch_size=4,
            save_strategy="steps", save_steps=2, logging_steps=1, report_to=["codecarbon"], use_cpu=True)
trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=train,
                                     loss=losses.MultipleNegativesRankingLoss(model))
trainer.train()
model.save(str(out / "model"))
print((out / "model" / "README.md").read_text()[:1500])
