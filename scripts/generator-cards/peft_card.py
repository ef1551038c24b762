"""PEFT: wraps a tiny GPT-2 in a LoRA adapter and calls save_pretrained, which writes PEFT's
own model card (huggingface_hub's template, filled with PEFT's metadata). Usage: python peft_card.py OUT_DIR"""
import sys
from pathlib import Path

from tiny import workdir, offline, tiny_gpt2

offline()
from peft import LoraConfig, get_peft_model  # noqa: E402
from transformers import AutoModelForCausalLM  # noqa: E402

out = workdir(sys.argv[1])
base = tiny_gpt2(out / "base")
model = AutoModelForCausalLM.from_pretrained(base)
peft_model = get_peft_model(model, LoraConfig(r=2, lora_alpha=4, target_modules=["c_attn"], task_type="CAUSAL_LM"))
peft_model.save_pretrained(str(out / "model"))
