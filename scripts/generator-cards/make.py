"""Runs every generator offline and collects the cards they write into DEST/<generator>-<version>[-variant]/
(README.md, plus the emissions.csv CodeCarbon left beside the run), with PROVENANCE.md.

    python3 make.py DEST [WORK]

Needs two virtual environments (see README.md here): NEW (default /work/venv-gen) with the pins of
requirements-latest.txt, OLD (default /work/venv-gen-old) with requirements-old.txt, and
autotrain-advanced's wheel unpacked in AUTOTRAIN (pip download --no-deps, then unzip)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEW = os.environ.get("NEW", "/work/venv-gen") + "/bin/python"
OLD = os.environ.get("OLD", "/work/venv-gen-old") + "/bin/python"
# NEW with codecarbon 2.x over it (a venv whose .pth names NEW's site-packages, as OLD's does).
CC2 = os.environ.get("CC2", "/work/venv-gen-cc2") + "/bin/python"
AUTOTRAIN = os.environ.get("AUTOTRAIN", "/tmp/autotrain-wheel")

# (folder, python, package whose version names the folder, script and args,
#  card to collect (relative to the run's folder), emissions.csv to collect or None, how it was run)
JOBS = [
    ("sentence-transformers-{v}", NEW, "sentence-transformers", ["st.py"], "model/README.md", "run/emissions.csv",
     "SentenceTransformerTrainer, 1 epoch, CodeCarbonCallback; model.save(): the final card"),
    ("sentence-transformers-{v}-checkpoint", NEW, "sentence-transformers", ["st.py"], "run/checkpoint-2/README.md", "run/emissions.csv",
     "the same run's checkpoint card (saved while CodeCarbon was still tracking)"),
    ("sentence-transformers-{v}", OLD, "sentence-transformers", ["st.py"], "model/README.md", "run/emissions.csv",
     "SentenceTransformerTrainer, 1 epoch, CodeCarbonCallback; model.save()"),
    ("sentence-transformers-{v}-codecarbon2", CC2, "sentence-transformers", ["st.py"], "model/README.md", "run/emissions.csv",
     "as above, with codecarbon 2.8 (its stopped tracker still reports): the final card has the metadata"),
    ("sentence-transformers-{v}-cross-encoder-codecarbon2", CC2, "sentence-transformers", ["ce.py"], "model/README.md", "run/emissions.csv",
     "CrossEncoderTrainer (a reranker), 1 epoch, codecarbon 2.8; model.save()"),
    ("setfit-{v}", NEW, "setfit", ["setfit_card.py"], "model/README.md", "run/emissions.csv",
     "SetFit Trainer, 1 epoch, report_to codecarbon; save_pretrained()"),
    ("setfit-{v}-codecarbon2", CC2, "setfit", ["setfit_card.py"], "model/README.md", "run/emissions.csv",
     "as above, with codecarbon 2.8: the final card has the metadata"),
    ("setfit-{v}", OLD, "setfit", ["setfit_card.py"], "model/README.md", None,
     "SetFit Trainer, 1 epoch, report_to codecarbon; save_pretrained()"),
    ("transformers-{v}-trainer-codecarbon", NEW, "transformers", ["trainer.py", "codecarbon"], "model/README.md", "model/emissions.csv",
     "Trainer, 1 epoch, report_to codecarbon; create_model_card()"),
    ("transformers-{v}-trainer", NEW, "transformers", ["trainer.py", "none"], "model/README.md", None,
     "Trainer, 1 epoch, report_to none; create_model_card()"),
    ("trl-{v}-sft", NEW, "trl", ["trl_card.py"], "model/README.md", None,
     "SFTTrainer, 2 steps on a tiny GPT-2; create_model_card()"),
    ("trl-{v}-sft-lora", NEW, "trl", ["trl_card.py", "lora"], "model/README.md", None,
     "SFTTrainer with a PEFT LoRA config, 2 steps; create_model_card() (TRL's card replaces the adapter's)"),
    ("peft-{v}", NEW, "peft", ["peft_card.py"], "model/README.md", None,
     "get_peft_model(LoRA) on a tiny GPT-2; save_pretrained()"),
    ("huggingface_hub-{v}-unfilled", NEW, "huggingface_hub", ["hub_template.py", "unfilled"], "README.md", None,
     "ModelCard.from_template(ModelCardData(language, license, library_name))"),
    ("huggingface_hub-{v}-filled", NEW, "huggingface_hub", ["hub_template.py", "filled"], "README.md", None,
     "ModelCard.from_template with co2_eq_emissions and the template's Environmental Impact variables"),
    ("huggingface_hub-{v}-empty", NEW, "huggingface_hub", ["hub_template.py", "empty"], "README.md", None,
     "ModelCard.from_template(ModelCardData()): `{}` front matter"),
    ("autotrain-advanced-{v}", NEW, None, ["autotrain_card.py", "_", AUTOTRAIN], "model/README.md", None,
     "not installed (heavy); its wheel's text_classification create_model_card, unmodified, on a real Trainer"),
]


def version(python, package):
    if package is None:
        return "0.8.36"  # the wheel's own __version__ (autotrain/__init__.py)
    code = f"import importlib.metadata as m; print(m.version({package!r}))"
    return subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def main():
    """ONLY=text runs only the jobs whose folder contains it (PROVENANCE.md still lists all)."""
    only = os.environ.get("ONLY", "")
    dest = Path(sys.argv[1]).resolve()
    work = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/generator-runs").resolve()
    rows, done = [], {}
    for name, python, package, cmd, card, csv, how in JOBS:
        v = version(python, package)
        name = name.format(v=v)
        run = work / (name.rsplit("-checkpoint", 1)[0] if name.endswith("-checkpoint") else name)
        key = (python, tuple(cmd))
        rows.append(f"| `{name}` | {package or 'autotrain-advanced'} {v} | `{' '.join(cmd[:1] + [a for a in cmd[1:] if a != '_'][:1])}` | {how} |")
        if only not in name:
            continue
        if key not in done:
            shutil.rmtree(run, ignore_errors=True)
            args = [a if a != "_" else str(run) for a in cmd[1:]]
            if cmd[1:2] != ["_"]:
                args = [str(run)] + args
            log = work / f"{name}.log"
            work.mkdir(parents=True, exist_ok=True)
            with open(log, "w") as f:
                subprocess.run([python, str(HERE / cmd[0])] + args, cwd=HERE, stdout=f, stderr=subprocess.STDOUT, check=True)
            done[key] = run
        run = done[key]
        d = dest / name
        d.mkdir(parents=True, exist_ok=True)
        shutil.copy(run / card, d / "README.md")
        if csv and (run / csv).exists():
            shutil.copy(run / csv, d / "emissions.csv")
    libs = {}
    for python in (NEW, OLD, CC2):
        code = ("import importlib.metadata as m\nfor p in ['torch','transformers','sentence-transformers','setfit',"
                "'trl','peft','huggingface_hub','codecarbon','datasets']:\n print(p + '==' + m.version(p))")
        libs[python] = subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.split()
    (dest / "PROVENANCE.md").write_text(
        "# Generator cards\n\nWritten by the generators themselves, offline (`HF_HUB_OFFLINE=1`), on a CPU-only "
        "machine, by `scripts/generator-cards/make.py`: tiny models built from configs, data sets from Python "
        "lists, CodeCarbon measuring where the generator uses it. Not edited afterwards.\n\n"
        "| folder | generator | script | how |\n|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"Environment NEW: {', '.join(libs[NEW])}.\n\nEnvironment OLD: {', '.join(libs[OLD])}.\n\n"
        f"Environment CC2: {', '.join(libs[CC2])}.\n\n"
        "No GPU variant: CodeCarbon finds no GPU here, so no generator writes `hardware_used`; the "
        "generators write it only from CodeCarbon's own GPU detection, which cannot be driven honestly "
        "without one.\n")


main()
