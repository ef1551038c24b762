"""Sentence Transformers' CrossEncoder (a reranker): a tiny BERT with one output, one epoch of
CrossEncoderTrainer with CodeCarbon installed, then model.save(): README.md is the card the
library writes. Usage: python ce.py OUT_DIR"""
import sys

from tiny import workdir, offline, tiny_bert, SENTENCES

offline()
from datasets import Dataset  # noqa: E402
from sentence_transformers.cross_encoder import CrossEncoder, CrossEncoderTrainer  # noqa: E402
from sentence_transformers.cross_encoder import CrossEncoderTrainingArguments as Args  # noqa: E402
from sentence_transformers.cross_encoder.losses import BinaryCrossEntropyLoss  # noqa: E402

out = workdir(sys.argv[1])
model = CrossEncoder(tiny_bert(out / "base", labels=["score"]))
pairs = Dataset.from_dict({"query": SENTENCES[:12], "answer": SENTENCES[4:16],
                           "label": [float(i % 2) for i in range(12)]})
args = Args(output_dir=str(out / "run"), num_train_epochs=1, per_device_train_batch_size=4,
            save_strategy="no", logging_steps=1, report_to=["codecarbon"], use_cpu=True)
trainer = CrossEncoderTrainer(model=model, args=args, train_dataset=pairs, loss=BinaryCrossEntropyLoss(model))
trainer.train()
model.save(str(out / "model"))
