"""The nightly spark-da loop for Apache Airflow: score today's target with the current model; when
its target drifted from the one the model was adapted to (or on the weekly retraining day), adapt
again on yesterday's source and today's target, promote that model and score today again.

    score --> decide --> train --> rescore
                    \\--> done

Runs io.sparkda.jobs.ScoreJob and io.sparkda.jobs.AdaptJob from the job jar with
SparkSubmitOperator (provider apache-airflow-providers-apache-spark), connection "spark_default"
pointing at the cluster.

Airflow Variables (all required but the last two):
  spark_da_jar          the job jar built for the cluster's Spark (mvn package:
                        target/spark-da_2.12-<version>-job.jar for Spark 3.5; mvn -Pspark4
                        package: target-spark4/spark-da_2.13-<version>-job.jar for Spark 4)
  spark_da_config       the jobs' HOCON config: source and target as tables (source.table,
                        target.table) or directories partitioned by ds, partitioned by a column
                        ds; output.predictionsTable and output.partitionBy = [ds] to write the
                        predictions into a table (docs/jobs.md, "Scoring and drift")
  spark_da_output_root  outputs by date (default /data/spark-da): <root>/<date>/score, .../train
  spark_da_retrain_weekday  0 (Monday) .. 6: retrain that day even without drift (default 0)

The current model is the file <output_root>/models/current, which the training job points at
its new model after a run whose gates passed (output.promoteTo); the scoring job reads it
(score.modelPath). Start the loop by triggering a run with the conf {"retrain": true}: it skips
scoring and trains first.

A run for date D reads source partition D - 1 and target partition D (source.where and
target.where), writes <output_root>/D/score (and /train), and replaces partition D of the
predictions table. A rerun of D replaces those and nothing else, so clearing a task is safe.
Exit code 2 (bad config or input) fails a task without retries: running again cannot fix it.
Exit code 3 of the scoring run (its drift gate) is the signal to retrain, not a failure.
"""
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import BranchPythonOperator
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
OUTPUT_ROOT = '{{ var.value.get("spark_da_output_root", "/data/spark-da") }}'
CURRENT_MODEL = OUTPUT_ROOT + "/models/current"
# The XCom key under which the scoring task says whether today's target drifted.
DRIFTED = "drifted"


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
                if exit_code(e) == code:
                    raise AirflowFailException("%s, not retried: %s" % (what, e)) from e
            raise


class SparkDaScoreOperator(SparkDaSubmitOperator):
    """The scoring run: exit 3 (its drift gate) is recorded for decide, not a failure."""

    def execute(self, context):
        if (context["dag_run"].conf or {}).get("retrain"):
            raise AirflowSkipException("retrain requested: training first")
        try:
            result = SparkSubmitOperator.execute(self, context)
        except AirflowException as e:
            if exit_code(e) == 3:
                context["ti"].xcom_push(key=DRIFTED, value=True)
                return None
            if exit_code(e) == 2:
                raise AirflowFailException(
                    "%s, not retried: %s" % (self.NOT_RETRIED[2], e)) from e
            raise
        context["ti"].xcom_push(key=DRIFTED, value=False)
        return result


def exit_code(error):
    """spark-submit's exit code in SparkSubmitHook's message ("... Error code is: 3."), or None."""
    marker = "Error code is: "
    text = str(error)
    if marker not in text:
        return None
    return int(text.split(marker)[1].split(".")[0])


def decide(**context):
    """train after a drift, on the weekly day, or when the run asks for it; done otherwise."""
    if (context["dag_run"].conf or {}).get("retrain"):
        return "train"
    if context["ti"].xcom_pull(task_ids="score", key=DRIFTED):
        return "train"
    weekday = int(context["var"]["value"].get("spark_da_retrain_weekday", 0))
    return "train" if context["logical_date"].weekday() == weekday else "done"


def config_argument():
    """The config as the job sees it: shipped by --files in cluster mode, so its file name."""
    if DEPLOY_MODE == "cluster":
        return "{{ var.value.spark_da_config.split('/')[-1] }}"
    return "{{ var.value.spark_da_config }}"


def spark_da_task(operator, task_id, java_class, arguments, **kwargs):
    """One spark-submit of the job jar with the day's templated overrides."""
    return operator(
        task_id=task_id,
        conn_id="spark_default",
        name="spark-da-%s-{{ ds }}" % task_id,
        application="{{ var.value.spark_da_jar }}",
        java_class=java_class,
        deploy_mode=DEPLOY_MODE,
        files="{{ var.value.spark_da_config }}" if DEPLOY_MODE == "cluster" else None,
        application_args=[
            config_argument(),
            "target.where=\"ds = '{{ ds }}'\"",
            'output.partitionValues.ds="{{ ds }}"',
            "output.overwrite=true",
            'spark.appName="spark-da %s {{ ds }}"' % task_id,
        ] + arguments,
        driver_memory="2g",
        executor_cores=2 * THREADS_PER_TASK,
        executor_memory="4g",
        num_executors=2,
        conf={
            "spark.task.cpus": str(THREADS_PER_TASK),
            "spark.driver.extraJavaOptions": JAVA17_FLAGS,
            "spark.executor.extraJavaOptions": JAVA17_FLAGS,
        },
        **kwargs,
    )


def scoring(task_id, operator):
    return spark_da_task(operator, task_id, "io.sparkda.jobs.ScoreJob", [
        'score.modelPath="%s"' % CURRENT_MODEL,
        "evaluate.failIf=[targetDrift]",
        'output.dir="%s/{{ ds }}/%s"' % (OUTPUT_ROOT, task_id),
    ])


with DAG(
    dag_id="spark_da_loop",
    description="Score today's target; adapt again when it drifted or weekly",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["spark-da"],
) as dag:
    score = scoring("score", SparkDaScoreOperator)
    choose = BranchPythonOperator(
        task_id="decide", python_callable=decide, trigger_rule="none_failed")
    train = spark_da_task(SparkDaSubmitOperator, "train", "io.sparkda.jobs.AdaptJob", [
        "source.where=\"ds = '{{ macros.ds_add(ds, -1) }}'\"",
        'output.dir="%s/{{ ds }}/train"' % OUTPUT_ROOT,
        'output.promoteTo="%s"' % CURRENT_MODEL,
        "model.threadsPerTask=%d" % THREADS_PER_TASK,
    ])
    # Today's predictions again, from the model just promoted (replacing the partition).
    rescore = scoring("rescore", SparkDaSubmitOperator)
    done = EmptyOperator(task_id="done")
    score >> choose >> [train, done]
    train >> rescore
