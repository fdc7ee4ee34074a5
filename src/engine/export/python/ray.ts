/** `main` of the Ray Tune export: a Tuner with a grid over every axis of the sweep, resources per
 *  trial and a storage_path for a cluster. Each trial reports {step, loss[, val_loss]} per step,
 *  then its final losses and metrics ("final_train_loss", "metric_accuracy", ...). */
export const RAY_MAIN = String.raw`
import inspect


def make_report():
    """The report call of the Ray version installed: ray.tune.report(metrics) (Ray >= 2.40),
    ray.train.report(metrics) (2.7 - 2.39), ray.air.session.report(metrics) (2.0 - 2.6),
    ray.tune.report(**metrics) (1.x)."""
    from ray import tune
    try:
        if "metrics" in inspect.signature(tune.report).parameters:
            return lambda metrics: tune.report(metrics)
    except (AttributeError, TypeError, ValueError):
        pass
    try:
        from ray import train
        if hasattr(train, "report"):
            return lambda metrics: train.report(metrics)
    except ImportError:
        pass
    try:
        from ray.air import session
        return lambda metrics: session.report(metrics)
    except ImportError:
        pass
    return lambda metrics: tune.report(**metrics)


def run_config_class():
    """RunConfig where the installed Ray keeps it."""
    for module in ("ray.tune", "ray.train", "ray.air"):
        try:
            found = getattr(__import__(module, fromlist=["RunConfig"]), "RunConfig", None)
        except ImportError:
            found = None
        if found is not None:
            return found
    raise ImportError("this Ray has no RunConfig (Ray >= 2.0 is needed)")


def train_run(config, data=None, weights=None):
    report = make_report()
    run = RUNS.get((config["loss"], config["optimizer"], config["lr"], config["seed"]))
    if run is None:
        # Optimisers with different learning rates: this cell of the product is not in the spec.
        report({"skipped": 1})
        return
    pending = {}

    def on_val(step, value):
        pending["val_loss"] = value

    def on_step(step, value):
        metrics = {"step": step, "loss": value}
        metrics.update(pending)
        pending.clear()
        report(metrics)

    result = run_one(run, data, weights, on_step, on_val)
    final = {"step": len(result["loss"]), "final_train_loss": result["final"]["train_loss"], "final_val_loss": result["final"]["val_loss"],
             "ok": 1 if result["status"] == "ok" else 0, "run_ms": result["ms"]}
    for name, value in result["final"]["metric"].items():
        final["metric_" + name] = value
    if "error" in result:
        final["error"] = result["error"]
    report(final)


RUNS = {(r["key"]["loss"], r["key"]["optimizer"], r["key"]["lr"], r["key"]["seed"]): r for r in PLAN["runs"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--storage-path", default=os.path.join(HERE, "ray_results"), help="experiment folder's parent, local or shared (s3://...) (default: %(default)s)")
    ap.add_argument("--name", default=STEM, help="experiment name (default: %(default)s)")
    ap.add_argument("--data", default=DATA_PATH, help="the CSV to train on (default: %(default)s)")
    ap.add_argument("--cpus-per-trial", type=float, default=1)
    ap.add_argument("--gpus-per-trial", type=float, default=0)
    ap.add_argument("--address", default=None, help="a running Ray cluster (default: start Ray locally)")
    args = ap.parse_args()
    import ray
    from ray import tune
    if args.address:
        ray.init(address=args.address)
    data = read_data(args.data)
    weights = load_weights(WEIGHTS_PATH)
    trainable = tune.with_resources(tune.with_parameters(train_run, data=data, weights=weights), {"cpu": args.cpus_per_trial, "gpu": args.gpus_per_trial})
    param_space = {axis: tune.grid_search(PLAN["axes"][axis]) for axis in ("loss", "optimizer", "lr", "seed")}
    param_space["dtype"] = PLAN["model"]["dtype"]
    RunConfig = run_config_class()
    try:
        run_config = RunConfig(name=args.name, storage_path=args.storage_path)
    except TypeError:  # Ray < 2.7
        run_config = RunConfig(name=args.name, local_dir=args.storage_path)
    results = tune.Tuner(trainable, param_space=param_space, run_config=run_config).fit()
    best = results.get_best_result(metric="final_train_loss", mode="min")
    sys.stderr.write("%d trials in %s; lowest final training loss: %s\n" % (len(results), os.path.join(args.storage_path, args.name), best.config))


if __name__ == "__main__":
    main()
`;
