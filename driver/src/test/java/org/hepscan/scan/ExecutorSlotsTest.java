package org.hepscan.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.cluster.ExecutorInfo;
import org.junit.jupiter.api.Test;

/**
 * The task slots are the live executors' cores as the scheduler announces them: a single
 * 1-core executor is 1 slot (Spark's defaultParallelism says 2 there), executors that leave
 * take theirs, the driver's own entry is no executor.
 */
class ExecutorSlotsTest {

  private static SparkListenerExecutorAdded added(String id, int cores) {
    return new SparkListenerExecutorAdded(0L, id, new ExecutorInfo("127.0.0.1", cores,
        scala.collection.immutable.Map$.MODULE$.<String, String>empty(), scala.collection.immutable.Map$.MODULE$.<String, String>empty()));
  }

  @Test
  void theSlotsAreTheLiveExecutorsCores() {
    ExecutorSlots slots = new ExecutorSlots();
    assertEquals(0, slots.total(), "none registered yet");
    slots.onExecutorAdded(added("driver", 8));
    slots.onExecutorAdded(added("0", 1));
    assertEquals(1, slots.total(), "one 1-core executor: one slot, whatever defaultParallelism says");
    slots.onExecutorAdded(added("1", 4));
    assertEquals(5, slots.total());
    slots.onExecutorRemoved(new SparkListenerExecutorRemoved(1L, "0", "lost"));
    assertEquals(4, slots.total());
    slots.onApplicationEnd(new SparkListenerApplicationEnd(2L));
    assertEquals(0, slots.total());
  }
}
