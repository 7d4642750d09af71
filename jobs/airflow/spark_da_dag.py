"""Daily spark-da batch job for Apache Airflow: yesterday's source, today's target.

Runs io.sparkda.jobs.AdaptJob from the job jar with SparkSubmitOperator (provider
apache-airflow-providers-apache-spark), connection "spark_default" pointing at the cluster.

Airflow Variables (all required but the last):
  spark_da_jar          the job jar built for the cluster's Spark (mvn package:
                        target/spark-da_2.12-<version>-job.jar for Spark 3.5; mvn -Pspark4
                        package: target-spark4/spark-da_2.13-<version>-job.jar for Spark 4)
  spark_da_config       the job's HOCON config; shipped with the job in YARN cluster mode
  spark_da_source_root  labelled data by date: <root>/<date> is one day's source
  spark_da_target_root  unlabelled data by date: <root>/<date> is one day's target
  spark_da_output_root  outputs by date (default /data/spark-da)

A run for date D reads the source of D - 1 and the target of D, and writes <output_root>/D.
A rerun of D replaces that output (output.overwrite, which only ever replaces a spark-da output)
and nothing else, so clearing a task is safe. Exit code 2 (bad config or input) and 3 (a quality
gate of evaluate.failIf) fail the task without retries: running again cannot fix them.
"""
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# Spark's own launcher flags for Java 17 (the same list as pom.xml's spark.java17.flags, which
# the job jar also carries in spark-da-build.properties).
JAVA17_FLAGS = " ".join(
    ["-XX:+IgnoreUnrecognizedVMOptions", "-Djdk.reflect.useDirectMethodHandle=false",
     "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED"]
    + ["--add-opens=java.base/%s=ALL-UNNAMED" % p for p in (
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
        "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
        "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar")]
)
# libtorch threads per training task: Spark must reserve as many cores per task.
THREADS_PER_TASK = 2
# YARN cluster mode ships the config with the job; client mode reads it on the Airflow worker.
DEPLOY_MODE = os.environ.get("SPARK_DA_DEPLOY_MODE", "client")


class SparkDaSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator that does not retry what a retry cannot fix (exit codes 2 and 3)."""

    NOT_RETRIED = {
        2: "spark-da refused its config or input (exit 2)",
        3: "a spark-da quality gate failed (exit 3; the outputs were written)",
    }

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as e:
            for code, what in self.NOT_RETRIED.items():
                if "Error code is: %d." % code in str(e):
                    raise AirflowFailException("%s, not retried: %s" % (what, e)) from e
            raise


def config_argument():
    """The config as the job sees it: shipped by --files in cluster mode, so its file name."""
    if DEPLOY_MODE == "cluster":
        return "{{ var.value.spark_da_config.split('/')[-1] }}"
    return "{{ var.value.spark_da_config }}"


with DAG(
    dag_id="spark_da_adapt",
    description="Domain adaptation of yesterday's labelled source to today's target",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["spark-da"],
) as dag:
    adapt = SparkDaSubmitOperator(
        task_id="adapt",
        conn_id="spark_default",
        name="spark-da-{{ ds }}",
        application="{{ var.value.spark_da_jar }}",
        java_class="io.sparkda.jobs.AdaptJob",
        deploy_mode=DEPLOY_MODE,
        files="{{ var.value.spark_da_config }}" if DEPLOY_MODE == "cluster" else None,
        application_args=[
            config_argument(),
            # Templated overrides: the day's inputs and its own output directory.
            'source.path="{{ var.value.spark_da_source_root }}/{{ macros.ds_add(ds, -1) }}"',
            'target.path="{{ var.value.spark_da_target_root }}/{{ ds }}"',
            'output.dir="{{ var.value.get("spark_da_output_root", "/data/spark-da") }}/{{ ds }}"',
            "output.overwrite=true",
            'spark.appName="spark-da {{ ds }}"',
            "model.threadsPerTask=%d" % THREADS_PER_TASK,
        ],
        driver_memory="2g",
        executor_cores=2 * THREADS_PER_TASK,
        executor_memory="4g",
        num_executors=2,
        conf={
            "spark.task.cpus": str(THREADS_PER_TASK),
            "spark.driver.extraJavaOptions": JAVA17_FLAGS,
            "spark.executor.extraJavaOptions": JAVA17_FLAGS,
        },
    )
