package dev.kafkautils.sample.jobs;

/**
 * A unit of work for the work queue, sent as JSON to the {@code jobs} topic.
 *
 * @param id the job's id
 * @param task what to do; {@code fail} makes the worker fail every time, so the job ends
 * in {@code dlq.jobs}
 */
public record Job(String id, String task) {

}
