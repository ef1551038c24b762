"""huggingface_hub's default template: ModelCard.from_template, unfilled (only ModelCardData's
metadata) and filled (the template's own variables, including the Environmental Impact ones,
and co2_eq_emissions in the metadata). Usage: python hub_template.py OUT_DIR unfilled|filled|empty"""
import sys
from pathlib import Path

from tiny import workdir, offline

offline()
from huggingface_hub import ModelCard, ModelCardData  # noqa: E402

out, kind = workdir(sys.argv[1]), sys.argv[2]
out.mkdir(parents=True, exist_ok=True)
if kind == "empty":
    card = ModelCard.from_template(ModelCardData())
elif kind == "unfilled":
    card = ModelCard.from_template(ModelCardData(language="en", license="mit", library_name="transformers"))
else:
    data = ModelCardData(
        language="en", license="mit", library_name="transformers", pipeline_tag="text-classification",
        co2_eq_emissions={"emissions": 1250.5, "source": "CodeCarbon", "training_type": "fine-tuning",
                          "geographical_location": "Quebec, Canada", "hardware_used": "1 x NVIDIA A100"})
    card = ModelCard.from_template(
        data,
        model_id="tiny-bert-sentiment",
        model_summary="A tiny BERT fine-tuned for sentiment.",
        developers="The cardlint project",
        model_type="BERT",
        hardware_type="1 x NVIDIA A100",
        hours_used="3",
        cloud_provider="Google Cloud Platform",
        cloud_region="northamerica-northeast1",
        co2_emitted="1.25 kg CO2eq",
    )
card.save(str(out / "README.md"))
