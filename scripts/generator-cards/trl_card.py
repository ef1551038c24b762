"""TRL: one step of SFTTrainer on a tiny GPT-2 (optionally with a PEFT LoRA adapter), then
save_model(), which writes TRL's model card. Usage: python trl_card.py OUT_DIR [lora]"""
import sys
from pathlib import Path

from tiny import workdir, offline, tiny_gpt2, SENTENCES

offline()
from datasets import Dataset  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: E402
from trl import SFTConfig, SFTTrainer  # noqa: E402

out = workdir(sys.argv[1])
lora = len(sys.argv) > 2 and sys.argv[2] == "lora"
base = tiny_gpt2(out / "base")
model = AutoModelForCausalLM.from_pretrained(base)
tok = AutoTokenizer.from_pretrained(base)
ds = Dataset.from_dict({"text": SENTENCES})
peft_config = None
if lora:
    from peft import LoraConfig
    peft_config = LoraConfig(r=2, lora_alpha=4, target_modules=["c_attn"], task_type="CAUSAL_LM")
args = SFTConfig(output_dir=str(out / "model"), max_steps=2, per_device_train_batch_size=4,
                 save_strategy="no", logging_steps=1, report_to="none", use_cpu=True, max_length=16)
trainer = SFTTrainer(model=model, args=args, train_dataset=ds, processing_class=tok, peft_config=peft_config)
trainer.train()
trainer.save_model()
trainer.create_model_card(model_name="tiny-gpt2-sft")
