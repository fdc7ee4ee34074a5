/** `main` of the PyTorch export: every run in turn; `--json` prints `losslab sweep --json`'s object;
 *  each run's curves go to `<logdir>/<run>/metrics.csv` (step, loss, val_loss), which Loss Lab
 *  opens as training logs. */
export const PYTORCH_MAIN = String.raw`
def run_folder(index, run):
    k = run["key"]
    name = "%02d-%s-%s-lr%s-seed%s" % (index, k["loss"].split(" ")[0], k["optimizer"].split(" ")[0], k["lr"], k["seed"])
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)


def write_log(logdir, index, run, report):
    folder = os.path.join(logdir, run_folder(index, run))
    os.makedirs(folder, exist_ok=True)
    val = {s: v for s, v in report.get("val_loss", [])}
    steps = sorted(set(range(len(report["loss"]))) | set(val))
    cell = lambda v: "" if v is None else repr(v)
    with open(os.path.join(folder, "metrics.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("step,loss,val_loss\n")
        for s in steps:
            f.write("%d,%s,%s\n" % (s, cell(report["loss"][s]) if s < len(report["loss"]) else "", cell(val.get(s))))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print one JSON object, the shape of 'losslab sweep --json'")
    ap.add_argument("--data", default=DATA_PATH, help="the CSV to train on (default: %(default)s)")
    ap.add_argument("--logdir", default=os.path.join(HERE, LOG_FOLDER), help="a folder per run with metrics.csv (default: %(default)s)")
    args = ap.parse_args()
    data = read_data(args.data)
    weights = load_weights(WEIGHTS_PATH)
    started = time.perf_counter()
    reports = []
    for i, run in enumerate(PLAN["runs"]):
        report = run_one(run, data, weights)
        reports.append(report)
        write_log(args.logdir, i, run, report)
        final = report["final"]["train_loss"]
        sys.stderr.write("[%d/%d] %s %s lr=%s seed=%s: %s\n" % (
            i + 1, len(PLAN["runs"]), run["key"]["loss"], run["key"]["optimizer"], run["key"]["lr"], run["key"]["seed"],
            "final train loss %.6g" % final if report["status"] == "ok" else report.get("error", "failed")))
    result = {"runs": reports, "elapsed_ms": round((time.perf_counter() - started) * 1000)}
    if args.json:
        print(dump_json(result))
    else:
        print("%d runs in %.2f s; curves in %s" % (len(reports), result["elapsed_ms"] / 1000, args.logdir))


if __name__ == "__main__":
    main()
`;
