"""The settings of a training run: the presets, the options of python -m lib.cli.train, TrainConfig.

    config = parse_config(["--preset", "ptb", "--max-epoch", "2"])   # the preset, then the options given
    config.hidden_size, config.lr, config.checkpoint                 # 256, 0.001, '<project>/results/...'

Paths: the presets' default paths are in the project folder (the folder that holds lib/ and
data/ptb, where the PTB files are read from), so a run writes to the same place from any
folder; a path given as an option is relative to the current folder, as usual. The presets
write to results/ (not committed); the committed notebooks/results change only with --results.
A resumed run never writes where the run it resumes wrote: its own options say where, by
default beside the checkpoint it resumes from, under a new name (resumed_outputs).
"""
import argparse
import os
import typing
from dataclasses import MISSING, asdict, dataclass, fields
from pathlib import Path

from lib.cli.parsing import (
    PATHS_RULE,
    PROJECT_DIR,
    ArgumentParser,
    CommandError,
    count_or_zero,
    decay_factor,
    dropout_ratio,
    non_negative_number,
    positive_int,
    positive_number,
)

PROG = "lib.cli.train"
EVAL_BATCH_SIZE, EVAL_TIME_SIZE = 10, 35  # how valid and test perplexity are read (lib.eval_perplexity)
PRESET_PATHS = ("out", "results", "checkpoint")  # the presets' paths, relative to PROJECT_DIR
PATH_OPTIONS = (*PRESET_PATHS, "data_dir", "resume")

PRESETS = {
    "chapter": dict(corpus_size=1000, batch_size=10, wordvec_size=100, hidden_size=100, time_size=5,
                    embed_std=None, init_uniform=None, optimizer="sgd", lr=0.1, max_grad=None, max_epoch=100,
                    valid=False, out=os.path.join("results", "seed-run"), results=None, checkpoint=None),
    "ptb": dict(corpus_size=0, batch_size=20, wordvec_size=256, hidden_size=256, time_size=35,
                embed_std=None, init_uniform=0.1, optimizer="adam", lr=1e-3, max_grad=0.25, max_epoch=10,
                valid=True, out=None, results=os.path.join("results", "ptb-rnnlm", "results.json"),
                checkpoint=os.path.join("results", "ptb-rnnlm", "checkpoint.npz")),
    # issue 13: the ptb recipe with dropout and tied weights in a 90-minute run. A training step ran at
    # 4,000-7,900 tok/s (measured 2026-12-01, busy to quiet machine); 30 epochs of 929,589 words and
    # their validations take ~75 minutes at ~6,300 tok/s, and --max-minutes ends a slower run in time.
    "ptb-best": dict(corpus_size=0, batch_size=20, wordvec_size=300, hidden_size=300, time_size=35,
                     embed_std=None, init_uniform=0.1, optimizer="adam", lr=1e-3, max_grad=0.25, max_epoch=30,
                     valid=True, out=None, results=os.path.join("results", "ptb-best", "results.json"),
                     checkpoint=os.path.join("results", "ptb-best", "checkpoint.npz"),
                     dropout=0.4, tie_weights=True, max_minutes=85.0),
}
# options that do not change the training itself: a resumed run may give new values
RESUME_MAY_CHANGE = ("max_epoch", "max_steps", "max_minutes", "out", "results", "checkpoint", "data_dir", "quiet",
                     "threads", "model", "force")
NOT_INHERITED = {"force": False, "quiet": False, "threads": None}  # a resumed run's own: given, or the default
RESUMED = "-resumed"  # a resumed run's default outputs: <checkpoint it resumes>-resumed.npz, .json, folder


@dataclass
class TrainConfig:
    """Every setting of a training run; the first fields are the ones a preset sets."""
    corpus_size: int  # the first N words of PTB train (0 = all)
    batch_size: int
    wordvec_size: int
    hidden_size: int
    time_size: int
    embed_std: float | None  # std of the initial word vectors (None: the book's 1/100)
    init_uniform: float | None  # every weight from uniform(-A, A), output bias 0 (None: the book's init)
    optimizer: str  # 'sgd' or 'adam'
    lr: float
    max_grad: float | None  # clip the global gradient norm (None: no clipping)
    max_epoch: int
    valid: bool  # valid perplexity after every epoch, its schedule, test perplexity at the end
    out: str | None  # folder for log.json, perplexity.png, params.npz
    results: str | None  # the results JSON (a plot beside it)
    checkpoint: str | None  # written after every epoch and on Ctrl-C
    preset: str = "chapter"
    model: str = "auto"  # 'simple', 'regularized', 'fast' or 'auto' (fast at the full vocabulary)
    dropout: float = 0.0  # dropout ratio on the word vectors and the RNN outputs, in training
    tie_weights: bool = False  # the output matrix is the embedding, transposed
    max_minutes: float = 0.0  # no new epoch when it would end past this many minutes of the run (0 = no limit)
    eval_size: int = 0  # the first N words of valid and test (0 = all)
    max_steps: int = 0  # stop after this many steps in all (0 = no limit)
    lr_decay: float = 0.5
    seed: int = 1
    threads: int | None = None  # BLAS threads (None: lib's choice by problem size)
    data_dir: str | None = None
    resume: str | None = None
    quiet: bool = False
    force: bool = False  # write over an existing checkpoint (never without it)

    def settings(self):
        """A JSON-able dict of the settings, for the records: paths in the project folder relative to it."""
        settings = asdict(self)
        for key in PATH_OPTIONS:
            if settings[key] and Path(settings[key]).is_relative_to(PROJECT_DIR):
                settings[key] = str(Path(settings[key]).relative_to(PROJECT_DIR))
        return settings


def build_parser(defaults=None):
    """The argument parser with defaults (a dict); defaults=None leaves out every option not given."""
    p = ArgumentParser(
        prog=f"python -m {PROG}", add_help=False,
        argument_default=None if defaults is not None else argparse.SUPPRESS,
        description="Train the chapter's RNN language model on PTB with truncated BPTT. The defaults reproduce "
                    "the chapter's run on the first 1000 training words; --preset ptb trains on the whole of PTB, "
                    "--preset ptb-best adds dropout and tied weights in a 90-minute run (--preset NAME --help "
                    "shows its defaults).",
        epilog=f"{PATHS_RULE} Ctrl-C stops after the current step and saves a checkpoint (with --checkpoint); "
               f"--resume PATH continues from it.")
    p.add_argument("-h", "--help", action="store_true" if defaults is None else "help",  # first pass: note it only
                   help="show this help message and exit")
    _add_model_options(p)
    _add_training_options(p)
    _add_run_options(p)
    if defaults is not None:
        p.set_defaults(**defaults)
    return p


def _add_model_options(p):
    """The data and the model: --preset, sizes, --model, --dropout, --tie-weights."""
    p.add_argument("--preset", choices=PRESETS,
                   help="a set of defaults: the chapter's run, whole PTB, or whole PTB with dropout and tying")
    p.add_argument("--corpus-size", type=count_or_zero,
                   help="use the first N words of PTB train (N >= 0; 0 = the whole split)")
    p.add_argument("--eval-size", type=count_or_zero,
                   help=f"use the first N words of PTB valid and test (0 = all; else N >= {min_eval_size()}: "
                        f"they are read in {EVAL_BATCH_SIZE} rows of {EVAL_TIME_SIZE}); for quick checks")
    p.add_argument("--batch-size", type=positive_int, help="rows read in parallel (mini-batch size, >= 1)")
    p.add_argument("--wordvec-size", type=positive_int, help="word vector (embedding) size D (>= 1)")
    p.add_argument("--hidden-size", type=positive_int, help="hidden state size H (>= 1)")
    p.add_argument("--time-size", type=positive_int, help="truncated-BPTT block length T (>= 1)")
    p.add_argument("--model", choices=("auto", "simple", "regularized", "fast"),
                   help="SimpleRnnlm (the chapter's code), RegularizedRnnlm (with --dropout, --tie-weights), "
                        "FastRnnlm (the same numbers, faster), or auto: FastRnnlm at the full vocabulary, "
                        "SimpleRnnlm (RegularizedRnnlm with --dropout or --tie-weights) otherwise; on "
                        "--resume, the checkpoint's")
    p.add_argument("--dropout", type=dropout_ratio,
                   help="dropout ratio on the word vectors and on the RNN outputs in training (0: none); "
                        "evaluation and generation run without it")
    p.add_argument("--tie-weights", action=argparse.BooleanOptionalAction,
                   help="use the embedding, transposed, as the output matrix (needs --wordvec-size equal to "
                        "--hidden-size)")


def _add_training_options(p):
    """The initialisation, the optimizer, how long to train, the schedule."""
    p.add_argument("--embed-std", type=positive_number,
                   help="standard deviation (> 0) of the initial word vectors (None: the book's 1/100). On whole PTB "
                        "with Adam, word vectors that small barely move the hidden state: the model came to "
                        "rely on the state carried over in training and, from a fresh state, did worse than a "
                        "uniform guess; 1 (input to tanh of variance ~1) avoids that")
    p.add_argument("--init-uniform", type=positive_number,
                   help="draw every weight from uniform(-A, A) (A > 0) and start the output bias at 0, as the PyTorch "
                        "reference of the whole-PTB notes and Zaremba et al. (2014) do (None: the book's "
                        "initialisation); applied before --embed-std")
    p.add_argument("--optimizer", choices=("sgd", "adam"), help="the optimizer")
    p.add_argument("--lr", type=positive_number, help="learning rate (> 0)")
    p.add_argument("--max-epoch", type=positive_int, help="passes over the corpus (>= 1)")
    p.add_argument("--max-grad", type=positive_number,
                   help="clip the global gradient norm to this value (> 0; None: no clipping)")
    p.add_argument("--max-steps", type=count_or_zero,
                   help="stop after this many training steps in all (>= 0; 0 = no limit), then finish as at the "
                        "end of the run; for quick checks. A resumed run keeps it unless given: --max-steps 0 "
                        "lifts it")
    p.add_argument("--max-minutes", type=non_negative_number,
                   help="a wall-time budget: no new epoch starts when one more (as long as the last, with its "
                        "validation) and the test evaluation would end past this many minutes of the run "
                        "(>= 0; 0 = no limit)")
    p.add_argument("--valid", action=argparse.BooleanOptionalAction,
                   help="valid perplexity after every epoch (lr x lr-decay when it improves by less than 1%%; "
                        "the best weights come back when it gets worse) and test perplexity of the best weights "
                        "at the end; the model then has the full 10,000-word vocabulary")
    p.add_argument("--lr-decay", type=decay_factor,
                   help="factor in (0, 1] applied to the learning rate by --valid's schedule (1: no decay)")


def _add_run_options(p):
    """The seed, threads, where to read and write, resuming."""
    p.add_argument("--seed", type=count_or_zero, help="seed of the weight initialisation (>= 0)")
    p.add_argument("--threads", type=positive_int,
                   help="BLAS threads (>= 1; None: lib's choice by problem size; a resumed run: only if given)")
    p.add_argument("--data-dir", help="folder with ptb.{train,valid,test}.txt (None: $RNNLM_DATA_DIR or "
                                      "<project>/data/ptb)")
    p.add_argument("--out", help="folder for log.json, perplexity.png and params.npz (None or '': none; on "
                                 "--resume: <checkpoint>-resumed/ if the run had one)")
    p.add_argument("--results", help="a JSON file for the results, with a plot (.png) and a log (.log) beside it "
                                     "(on --resume: <checkpoint>-resumed.json if the run had one)")
    p.add_argument("--checkpoint", help="a checkpoint (.npz) written after every epoch, on Ctrl-C and on SIGTERM; "
                                        "never over an existing one without --force (on --resume: "
                                        "<checkpoint>-resumed.npz beside it)")
    p.add_argument("--resume", help="continue the run saved in this checkpoint, with its settings; its outputs "
                                    "go where this command's options say, never over the run it resumes")
    p.add_argument("--force", action="store_true", help="write over an existing checkpoint")
    p.add_argument("--quiet", action=argparse.BooleanOptionalAction,
                   help="no progress bar and no epoch lines, only the final line (a resumed run: only if given)")


def given_options(argv):
    """{name: value} of the options given in argv, and only those (--help is left to the full parser)."""
    given = vars(build_parser().parse_args(argv))
    given.pop("help", None)
    return given


def preset_defaults(preset):
    """Every setting's default under preset, with its paths in the project folder."""
    defaults = {f.name: f.default for f in fields(TrainConfig) if f.default is not MISSING}
    defaults.update(PRESETS[preset], preset=preset)
    for key in PRESET_PATHS:
        if defaults[key]:
            defaults[key] = str(PROJECT_DIR / defaults[key])
    return defaults


def parse_config(argv):
    """The TrainConfig of argv: the preset's defaults, overridden by the options given."""
    given = given_options(argv)
    args = build_parser(preset_defaults(given.get("preset", "chapter"))).parse_args(argv)
    values = _absolute_paths(vars(args))
    if not values["resume"]:  # a resumed run's settings are checked by config_for_resume
        check_options(values, given)
    return TrainConfig(**values)


def min_eval_size():
    """The fewest words a valid or test split can have: one block of EVAL_BATCH_SIZE rows of EVAL_TIME_SIZE
    inputs, and the word after the last."""
    return EVAL_BATCH_SIZE * EVAL_TIME_SIZE + 1


def config_for_resume(settings, argv, path):
    """The TrainConfig of a resumed run: the checkpoint's settings, with the options in argv that may change.

    settings: the dict saved in the checkpoint (TrainConfig.settings()); path: the checkpoint, for messages
    and the default outputs (resumed_outputs): the paths in settings are those of the run resumed, not reused.
    """
    settings = saved_settings(settings, path)
    settings.update(NOT_INHERITED)  # this command's own, as for a new run: only if given
    settings.update(resumed_outputs(settings, path))
    for key in PATH_OPTIONS:  # relative paths in the record are relative to the project folder
        if settings.get(key) and not os.path.isabs(settings[key]):
            settings[key] = str(PROJECT_DIR / settings[key])
    given = given_options(argv)
    for key, value in given.items():
        if key == "resume" or key in RESUME_MAY_CHANGE:
            settings[key] = value
        elif value != settings.get(key):
            option = "--" + key.replace("_", "-")
            allowed = ", ".join("--" + k.replace("_", "-") for k in RESUME_MAY_CHANGE)
            raise CommandError(f"{option} {value}: the run in {path} used {settings.get(key)}. A resumed run "
                               f"keeps its settings; only {allowed} may change. Leave out {option}, or start "
                               f"a new run without --resume.")
    values = _absolute_paths(settings)
    check_options(values, given)
    return TrainConfig(**values)


def saved_settings(settings, path):
    """The settings saved in a checkpoint, checked as the options they came from: each in its option's range,
    and every one there but those with a default in TrainConfig (options added later: the default does what
    a run before them did); CommandError if not."""
    damaged = f"{path}: its settings are damaged or were not written by python -m {PROG}"
    if not isinstance(settings, dict):
        raise CommandError(f"{damaged} (they are a {type(settings).__name__}, not a dict); use an earlier "
                           f"checkpoint, or start a new run without --resume")
    checked = {f.name: f.default for f in fields(TrainConfig) if f.default is not MISSING}
    missing = [f.name for f in fields(TrainConfig) if f.name not in settings and f.default is MISSING]
    argv = []
    for f in fields(TrainConfig):
        if f.name in settings and f.name not in NOT_INHERITED:
            value = settings[f.name]
            if value is None and type(None) in typing.get_args(f.type):
                checked[f.name] = None
            elif not _has_type(value, f.type):
                kind = getattr(f.type, "__name__", str(f.type))
                raise CommandError(f"{damaged} ({f.name} is {value!r}, not of type {kind}); use an earlier checkpoint, "
                                   f"or start a new run without --resume")
            else:
                option = f.name.replace("_", "-")
                argv.append(f"--{option}" if value is True else f"--no-{option}" if value is False
                            else f"--{option}={value}")
    try:
        if missing:
            raise CommandError(f"they lack {', '.join(missing)}")
        checked.update(vars(build_parser().parse_args(argv)))
        check_options(checked, given={})
    except CommandError as err:
        raise CommandError(f"{damaged} ({err}); use an earlier checkpoint, or start a new run without "
                           f"--resume") from None
    return checked


def _has_type(value, kind):
    """Whether value is of kind (int, float, str, bool, or X | None): JSON's int counts as a float, a bool
    as neither."""
    kinds = typing.get_args(kind) or (kind,)
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, tuple(k for k in kinds if k is not bool)) or (
        float in kinds and isinstance(value, int))


def resumed_outputs(settings, path):
    """{'checkpoint', 'results', 'out'}: a resumed run's default outputs, beside the checkpoint at path.

    run.npz -> run-resumed.npz, and run-resumed.json and the folder run-resumed/ where the run resumed
    had results and an out folder: resuming a copy never writes over the original run's files.
    """
    stem = os.path.splitext(os.path.abspath(path))[0] + RESUMED
    return {"checkpoint": stem + ".npz",
            "results": stem + ".json" if settings.get("results") else None,
            "out": stem if settings.get("out") else None}


def _absolute_paths(values):
    """values with absolute paths ('' and None mean none)."""
    return dict(values, **{key: os.path.abspath(values[key]) if values.get(key) else None for key in PATH_OPTIONS})


def check_options(values, given):
    """CommandError for settings that conflict, or options in given (a dict) that would have no effect."""
    if values["tie_weights"] and values["wordvec_size"] != values["hidden_size"]:
        raise CommandError(f"--tie-weights uses the embedding as the output matrix, so --wordvec-size "
                           f"({values['wordvec_size']}) must equal --hidden-size ({values['hidden_size']})")
    if values["model"] == "simple" and (values["dropout"] or values["tie_weights"]):
        raise CommandError("--model simple: SimpleRnnlm has neither dropout nor tied weights: give --model "
                           "regularized or fast (or auto), or leave out --dropout and --tie-weights")
    if values["valid"] and 0 < values["eval_size"] < min_eval_size():
        raise CommandError(f"--eval-size {values['eval_size']} is too small: valid and test perplexity read "
                           f"{EVAL_BATCH_SIZE} rows of {EVAL_TIME_SIZE} words at a time, so give --eval-size "
                           f"{min_eval_size()} or more (0: the whole splits)")
    unused = [f"--{key.replace('_', '-')}" for key in ("lr_decay", "eval_size") if key in given]
    if unused and not values["valid"]:
        raise CommandError(f"{' and '.join(unused)} act only with --valid (the schedule and the valid and test "
                           f"splits): add --valid, or leave out {' and '.join(unused)}")
