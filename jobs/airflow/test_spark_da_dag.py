"""Checks the Airflow DAG without Airflow: the operator API it uses is stubbed, the templates are
rendered with Jinja2 (as Airflow does) for one date, and the rendered job arguments and the
retry rule are checked. Run: python3 jobs/airflow/test_spark_da_dag.py
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


class SparkSubmitOperator:
    """The constructor arguments the DAG uses; execute fails with a given spark-submit code."""

    exit_code = 0

    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        DAG.current.tasks.append(self)

    def execute(self, context):
        if SparkSubmitOperator.exit_code:
            # SparkSubmitHook's message for a failed spark-submit.
            raise AirflowException(
                "Cannot execute: spark-submit ... Error code is: %d." % SparkSubmitOperator.exit_code)
        return "ok"


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
    }
    modules["airflow"].DAG = DAG
    modules["airflow.exceptions"].AirflowException = AirflowException
    modules["airflow.exceptions"].AirflowFailException = AirflowFailException
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
    "spark_da_source_root": "hdfs:///data/labelled",
    "spark_da_target_root": "hdfs:///data/unlabelled",
    "spark_da_output_root": "hdfs:///models/spark-da",
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


class SparkDaDagTest(unittest.TestCase):
    def test_a_run_reads_yesterdays_source_and_todays_target_into_its_own_output(self):
        task = load_dag().tasks[0]
        args = render(task.kwargs["application_args"])
        self.assertEqual("/etc/spark-da/churn.conf", args[0])
        self.assertIn('source.path="hdfs:///data/labelled/2026-11-27"', args)
        self.assertIn('target.path="hdfs:///data/unlabelled/2026-11-28"', args)
        self.assertIn('output.dir="hdfs:///models/spark-da/2026-11-28"', args)
        # A rerun of the date replaces its own output (and only a spark-da output).
        self.assertIn("output.overwrite=true", args)
        self.assertEqual("spark-da-2026-11-28", render(task.kwargs["name"]))
        self.assertEqual("/opt/spark-da/spark-da-job.jar", render(task.kwargs["application"]))

    def test_libtorch_threads_match_the_cores_spark_reserves_per_task(self):
        task = load_dag().tasks[0]
        args = render(task.kwargs["application_args"])
        threads = [a.split("=")[1] for a in args if a.startswith("model.threadsPerTask=")]
        self.assertEqual([task.kwargs["conf"]["spark.task.cpus"]], threads)
        self.assertEqual(0, task.kwargs["executor_cores"] % int(threads[0]))
        self.assertIn("--add-opens=java.base/java.nio=ALL-UNNAMED",
                      task.kwargs["conf"]["spark.executor.extraJavaOptions"])
        self.assertEqual("2g", task.kwargs["driver_memory"])

    def test_cluster_mode_ships_the_config_and_names_it_by_its_file_name(self):
        task = load_dag("cluster").tasks[0]
        self.assertEqual("/etc/spark-da/churn.conf", render(task.kwargs["files"]))
        self.assertEqual("churn.conf", render(task.kwargs["application_args"])[0])
        self.assertEqual("cluster", task.kwargs["deploy_mode"])
        self.assertIsNone(load_dag("client").tasks[0].kwargs["files"])

    def test_config_errors_and_quality_gates_are_not_retried_but_other_failures_are(self):
        dag = load_dag()
        self.assertGreater(dag.default_args["retries"], 0)
        task = dag.tasks[0]
        for code in (2, 3):
            SparkSubmitOperator.exit_code = code
            with self.assertRaises(AirflowFailException):
                task.execute({})
        SparkSubmitOperator.exit_code = 1
        with self.assertRaises(AirflowException) as raised:
            task.execute({})
        self.assertNotIsInstance(raised.exception, AirflowFailException)
        SparkSubmitOperator.exit_code = 0
        self.assertEqual("ok", task.execute({}))


if __name__ == "__main__":
    unittest.main()
