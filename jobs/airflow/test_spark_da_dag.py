"""Checks the Airflow DAG without Airflow: the operator API it uses is stubbed, the templates are
rendered with Jinja2 (as Airflow does) for one date, and the rendered job arguments, the retry
rule and both branches of the loop (no drift: done; drift, the weekly day or a requested retrain:
train, then rescore) are checked. Run: python3 jobs/airflow/test_spark_da_dag.py
"""
import datetime
import importlib
import os
import sys
import types
import unittest

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


class AirflowSkipException(AirflowException):
    pass


class DAG:
    def __init__(self, dag_id, default_args=None, **kwargs):
        self.dag_id = dag_id
        self.default_args = default_args or {}
        self.kwargs = kwargs
        self.tasks = []

    def __enter__(self):
        DAG.current = self
        return self

    def __exit__(self, *exc):
        DAG.current = None

    def task(self, task_id):
        return next(t for t in self.tasks if t.task_id == task_id)


class BaseOperator:
    """Registers with the DAG and records dependencies set with >>."""

    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.downstream = []
        DAG.current.tasks.append(self)

    def __rshift__(self, other):
        for task in other if isinstance(other, list) else [other]:
            self.downstream.append(task.task_id)
        return other


class SparkSubmitOperator(BaseOperator):
    """The constructor arguments the DAG uses; execute fails with a given spark-submit code."""

    exit_code = 0

    def execute(self, context):
        if SparkSubmitOperator.exit_code:
            # SparkSubmitHook's message for a failed spark-submit.
            raise AirflowException(
                "Cannot execute: spark-submit ... Error code is: %d." % SparkSubmitOperator.exit_code)
        return "ok"


class BranchPythonOperator(BaseOperator):
    pass


class EmptyOperator(BaseOperator):
    pass


class TaskInstance:
    """XCom between the tasks of one run."""

    def __init__(self):
        self.xcom = {}

    def xcom_push(self, key, value):
        self.xcom[key] = value

    def xcom_pull(self, task_ids, key):
        return self.xcom.get(key)


def install_stubs():
    modules = {
        "airflow": types.ModuleType("airflow"),
        "airflow.exceptions": types.ModuleType("airflow.exceptions"),
        "airflow.providers": types.ModuleType("airflow.providers"),
        "airflow.providers.apache": types.ModuleType("airflow.providers.apache"),
        "airflow.providers.apache.spark": types.ModuleType("airflow.providers.apache.spark"),
        "airflow.providers.apache.spark.operators":
            types.ModuleType("airflow.providers.apache.spark.operators"),
        "airflow.providers.apache.spark.operators.spark_submit":
            types.ModuleType("airflow.providers.apache.spark.operators.spark_submit"),
        "airflow.operators": types.ModuleType("airflow.operators"),
        "airflow.operators.empty": types.ModuleType("airflow.operators.empty"),
        "airflow.operators.python": types.ModuleType("airflow.operators.python"),
    }
    modules["airflow"].DAG = DAG
    modules["airflow.exceptions"].AirflowException = AirflowException
    modules["airflow.exceptions"].AirflowFailException = AirflowFailException
    modules["airflow.exceptions"].AirflowSkipException = AirflowSkipException
    modules["airflow.operators.empty"].EmptyOperator = EmptyOperator
    modules["airflow.operators.python"].BranchPythonOperator = BranchPythonOperator
    modules["airflow.providers.apache.spark.operators.spark_submit"].SparkSubmitOperator = \
        SparkSubmitOperator
    sys.modules.update(modules)


class Variables:
    """Airflow's var.value: attributes, and get(name, default)."""

    def __init__(self, values):
        self.values = values

    def __getattr__(self, name):
        return self.values[name]

    def get(self, name, default=None):
        return self.values.get(name, default)


def ds_add(ds, days):
    day = datetime.date.fromisoformat(ds) + datetime.timedelta(days=days)
    return day.isoformat()


VARIABLES = {
    "spark_da_jar": "/opt/spark-da/spark-da-job.jar",
    "spark_da_config": "/etc/spark-da/churn.conf",
    "spark_da_output_root": "hdfs:///models/spark-da",
    "spark_da_retrain_weekday": "6",
}


def load_dag(deploy_mode="client"):
    install_stubs()
    os.environ["SPARK_DA_DEPLOY_MODE"] = deploy_mode
    sys.path.insert(0, HERE)
    try:
        module = importlib.reload(importlib.import_module("spark_da_dag"))
    finally:
        sys.path.remove(HERE)
    return module.dag


def render(value, ds="2026-11-28"):
    context = {"ds": ds, "var": {"value": Variables(VARIABLES)},
               "macros": types.SimpleNamespace(ds_add=ds_add)}
    if isinstance(value, str):
        return jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(value).render(context)
    if isinstance(value, list):
        return [render(v, ds) for v in value]
    return value


def run_context(ds="2026-11-28", conf=None):
    """What Airflow passes to execute and to the branch's callable for one run."""
    return {
        "dag_run": types.SimpleNamespace(conf=conf or {}),
        "ti": TaskInstance(),
        "logical_date": datetime.datetime.fromisoformat(ds),
        "var": {"value": Variables(VARIABLES)},
    }


class SparkDaDagTest(unittest.TestCase):
    def setUp(self):
        SparkSubmitOperator.exit_code = 0

    def test_scoring_reads_todays_partition_with_the_current_model(self):
        task = load_dag().task("score")
        args = render(task.kwargs["application_args"])
        self.assertEqual("/etc/spark-da/churn.conf", args[0])
        self.assertEqual("io.sparkda.jobs.ScoreJob", task.kwargs["java_class"])
        self.assertIn("target.where=\"ds = '2026-11-28'\"", args)
        self.assertIn('output.partitionValues.ds="2026-11-28"', args)
        self.assertIn('score.modelPath="hdfs:///models/spark-da/models/current"', args)
        self.assertIn("evaluate.failIf=[targetDrift]", args)
        self.assertIn('output.dir="hdfs:///models/spark-da/2026-11-28/score"', args)
        # A rerun of the date replaces its own output (and only a spark-da output).
        self.assertIn("output.overwrite=true", args)
        self.assertEqual("spark-da-score-2026-11-28", render(task.kwargs["name"]))
        self.assertEqual("/opt/spark-da/spark-da-job.jar", render(task.kwargs["application"]))

    def test_training_reads_yesterdays_source_and_todays_target_and_promotes(self):
        task = load_dag().task("train")
        args = render(task.kwargs["application_args"])
        self.assertEqual("io.sparkda.jobs.AdaptJob", task.kwargs["java_class"])
        self.assertIn("source.where=\"ds = '2026-11-27'\"", args)
        self.assertIn("target.where=\"ds = '2026-11-28'\"", args)
        self.assertIn('output.promoteTo="hdfs:///models/spark-da/models/current"', args)
        self.assertIn('output.dir="hdfs:///models/spark-da/2026-11-28/train"', args)
        rescore = render(load_dag().task("rescore").kwargs["application_args"])
        self.assertIn('output.dir="hdfs:///models/spark-da/2026-11-28/rescore"', rescore)

    def test_the_loop_is_score_decide_then_train_and_rescore_or_done(self):
        dag = load_dag()
        self.assertEqual(["decide"], dag.task("score").downstream)
        self.assertEqual(["train", "done"], dag.task("decide").downstream)
        self.assertEqual(["rescore"], dag.task("train").downstream)
        # decide runs after a skipped score (a requested retrain), not after a failed one.
        self.assertEqual("none_failed", dag.task("decide").kwargs["trigger_rule"])

    def test_no_drift_on_an_ordinary_day_is_done(self):
        dag = load_dag()
        context = run_context("2026-11-26")  # a Thursday
        self.assertEqual("ok", dag.task("score").execute(context))
        self.assertIs(False, context["ti"].xcom[module_dag().DRIFTED])
        self.assertEqual("done", dag.task("decide").kwargs["python_callable"](**context))

    def test_drift_exit_3_is_recorded_and_trains_then_rescores(self):
        dag = load_dag()
        context = run_context("2026-11-26")
        SparkSubmitOperator.exit_code = 3
        self.assertIsNone(dag.task("score").execute(context))
        self.assertIs(True, context["ti"].xcom[module_dag().DRIFTED])
        self.assertEqual("train", dag.task("decide").kwargs["python_callable"](**context))

    def test_the_weekly_day_and_a_requested_retrain_train_without_drift(self):
        dag = load_dag()
        decide = dag.task("decide").kwargs["python_callable"]
        sunday = run_context("2026-11-29")
        dag.task("score").execute(sunday)
        self.assertEqual("train", decide(**sunday))
        bootstrap = run_context("2026-11-26", conf={"retrain": True})
        with self.assertRaises(AirflowSkipException):
            dag.task("score").execute(bootstrap)
        self.assertEqual("train", decide(**bootstrap))

    def test_libtorch_threads_match_the_cores_spark_reserves_per_task(self):
        task = load_dag().task("train")
        args = render(task.kwargs["application_args"])
        threads = [a.split("=")[1] for a in args if a.startswith("model.threadsPerTask=")]
        self.assertEqual([task.kwargs["conf"]["spark.task.cpus"]], threads)
        self.assertEqual(0, task.kwargs["executor_cores"] % int(threads[0]))
        self.assertIn("--add-opens=java.base/java.nio=ALL-UNNAMED",
                      task.kwargs["conf"]["spark.executor.extraJavaOptions"])
        self.assertEqual("2g", task.kwargs["driver_memory"])

    def test_cluster_mode_ships_the_config_and_names_it_by_its_file_name(self):
        task = load_dag("cluster").task("score")
        self.assertEqual("/etc/spark-da/churn.conf", render(task.kwargs["files"]))
        self.assertEqual("churn.conf", render(task.kwargs["application_args"])[0])
        self.assertEqual("cluster", task.kwargs["deploy_mode"])
        self.assertIsNone(load_dag("client").task("score").kwargs["files"])

    def test_config_errors_and_quality_gates_are_not_retried_but_other_failures_are(self):
        dag = load_dag()
        self.assertGreater(dag.default_args["retries"], 0)
        for task_id in ("train", "rescore", "score"):
            task = dag.task(task_id)
            codes = (2,) if task_id == "score" else (2, 3)
            for code in codes:
                SparkSubmitOperator.exit_code = code
                with self.assertRaises(AirflowFailException):
                    task.execute(run_context())
            SparkSubmitOperator.exit_code = 1
            with self.assertRaises(AirflowException) as raised:
                task.execute(run_context())
            self.assertNotIsInstance(raised.exception, AirflowFailException)
            SparkSubmitOperator.exit_code = 0


def module_dag():
    return sys.modules["spark_da_dag"]


if __name__ == "__main__":
    unittest.main()
