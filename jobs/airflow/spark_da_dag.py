"""Daily spark-da batch job for Apache Airflow.

Runs io.sparkda.jobs.AdaptJob from the job jar with SparkSubmitOperator (provider
apache-airflow-providers-apache-spark). The run date is passed as a config override, so each
day's output lands in its own directory. Set the Airflow Variables spark_da_jar and
spark_da_config, and a Spark connection "spark_default" pointing at the cluster.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# Spark's own launcher flags for Java 17 (same list as pom.xml, spark.java17.flags).
JAVA17_FLAGS = " ".join(
    ["-XX:+IgnoreUnrecognizedVMOptions", "-Djdk.reflect.useDirectMethodHandle=false",
     "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED"]
    + ["--add-opens=java.base/%s=ALL-UNNAMED" % p for p in (
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
        "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
        "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar")]
)
JVM_OPTIONS = JAVA17_FLAGS + " -Dai.djl.offline=true"

with DAG(
    dag_id="spark_da_adapt",
    description="Domain adaptation (DANN) of yesterday's source data to today's target data",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
    tags=["spark-da"],
) as dag:
    adapt = SparkSubmitOperator(
        task_id="adapt",
        conn_id="spark_default",
        application="{{ var.value.spark_da_jar }}",
        java_class="io.sparkda.jobs.AdaptJob",
        application_args=[
            "{{ var.value.spark_da_config }}",
            # Templated overrides: one output directory per run date.
            'output.dir="{{ var.value.get("spark_da_output_root", "/data/spark-da") }}/{{ ds }}"',
            'spark.appName="spark-da {{ ds }}"',
        ],
        executor_cores=2,
        executor_memory="4g",
        num_executors=2,
        conf={
            "spark.task.cpus": "1",
            "spark.driver.extraJavaOptions": JVM_OPTIONS,
            "spark.executor.extraJavaOptions": JVM_OPTIONS,
        },
    )
