/** `main` of the Optuna export: a study whose GridSampler covers every axis of the sweep (loss,
 *  optimizer, lr, seed). Every process started with the same `--storage` is one more worker; each
 *  trial reports its per-step training loss with `trial.report` and keeps its `losslab sweep --json`
 *  entry (without the per-step losses) in the user attribute "losslab". */
export const OPTUNA_MAIN = String.raw`
import optuna

DONE = (optuna.trial.TrialState.RUNNING, optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.FAIL, optuna.trial.TrialState.PRUNED)


def make_storage(url):
    """A database URL as is (sqlite:///..., postgresql://..., mysql://...); a path ending in .log,
    .jsonl or .journal is a JournalStorage file; any other path a SQLite file."""
    if "://" not in url and not url.endswith((".log", ".jsonl", ".journal")):
        url = "sqlite:///" + os.path.abspath(url)
    if url.startswith("sqlite:"):
        return optuna.storages.RDBStorage(url, engine_kwargs={"connect_args": {"timeout": 120}})
    if "://" in url:
        return url
    try:
        from optuna.storages.journal import JournalFileBackend as Backend  # Optuna >= 4.0
    except ImportError:
        from optuna.storages import JournalFileStorage as Backend  # Optuna 3.1 - 3.6
    return optuna.storages.JournalStorage(Backend(os.path.abspath(url)))


def retried(make):
    """make(), tried again when another worker is creating the same tables or study right now."""
    for attempt in range(10):
        try:
            return make()
        except Exception:
            if attempt == 9:
                raise
            time.sleep(0.2 * (attempt + 1))


def grid_key(params):
    return (params.get("loss"), params.get("optimizer"), params.get("lr"), params.get("seed"))


def make_objective(data, weights, prune):
    runs = {grid_key(r["key"]): r for r in PLAN["runs"]}

    def objective(trial):
        key = tuple(trial.suggest_categorical(axis, PLAN["axes"][axis]) for axis in ("loss", "optimizer", "lr", "seed"))
        others = [t for t in trial.study.get_trials(deepcopy=False) if t.number != trial.number and t.state in DONE and not t.user_attrs.get("losslab_duplicate")]
        if any(grid_key(t.params) == key and t.number < trial.number for t in others):
            # Two workers drew the same grid point: the earlier trial runs it.
            trial.set_user_attr("losslab_duplicate", True)
            if {grid_key(t.params) for t in others} >= set(runs):
                trial.study.stop()  # every grid point is taken: nothing left for this worker
            raise optuna.TrialPruned()
        run = runs.get(key)
        if run is None:
            # Optimisers with different learning rates: this cell of the product is not in the spec.
            trial.set_user_attr("losslab_skipped", True)
            raise optuna.TrialPruned()

        def on_step(step, value):
            trial.report(value, step)
            if prune and trial.should_prune():
                raise optuna.TrialPruned()

        report = run_one(run, data, weights, on_step)
        trial.set_user_attr("losslab", {k: v for k, v in report.items() if k != "loss"})
        return report["final"]["train_loss"] if report["status"] == "ok" else float("nan")

    return objective


def main():
    global PROPAGATE
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--storage", default=os.path.join(HERE, STEM + ".db"), help="where the study lives; every process given the same storage is one more worker (default: %(default)s)")
    ap.add_argument("--study-name", default=STEM, help="default: %(default)s")
    ap.add_argument("--data", default=DATA_PATH, help="the CSV to train on (default: %(default)s)")
    ap.add_argument("--prune", action="store_true", help="stop unpromising runs early (MedianPruner on the per-step training loss)")
    args = ap.parse_args()
    PROPAGATE = (optuna.TrialPruned,)
    data = read_data(args.data)
    weights = load_weights(WEIGHTS_PATH)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    space = {axis: PLAN["axes"][axis] for axis in ("loss", "optimizer", "lr", "seed")}
    pruner = optuna.pruners.MedianPruner(n_warmup_steps=max(1, PLAN["steps"] // 10)) if args.prune else optuna.pruners.NopPruner()
    storage = retried(lambda: make_storage(args.storage))
    study = retried(lambda: optuna.create_study(study_name=args.study_name, storage=storage, sampler=optuna.samplers.GridSampler(space),
                                                pruner=pruner, direction="minimize", load_if_exists=True))
    grid = 1
    for values in space.values():
        grid *= len(values)
    study.optimize(make_objective(data, weights, args.prune), n_trials=2 * grid)
    done = [t for t in study.get_trials(deepcopy=False) if "losslab" in t.user_attrs]
    sys.stderr.write("%d of %d grid points done in study %s (%s)\n" % (len(done), len(PLAN["runs"]), args.study_name, args.storage))


if __name__ == "__main__":
    main()
`;
