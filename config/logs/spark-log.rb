version=2
# One event of config/spark-log4j2.properties' format (mmnormalize, liblognorm v2):
#   2026-12-02T08:06:50.833Z ERROR org.apache.spark.executor.Executor [Executor task launch worker for task 0.0 in stage 1.0 (TID 1)] - - Exception in task ...
#   (then the stack trace's lines, which the shipper has already joined to the event)
rule=:%ts:word% %level:word% %logger:word% [%thread:char-to{"extradata":"]"}%] %app_id:word% %trace_id:word% %message:rest%
