package dev.kafkautils.sample.jobs;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.kafkautils.autoconfigure.share.KafkaShareAutoConfiguration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The work queue: two share consumers of one share group take jobs from the same
 * partitions, each job acknowledged on its own. A job that keeps failing is released
 * for redelivery until {@code kafka.utils.retry.max-attempts}, then dead-lettered to
 * {@code dlq.jobs}.
 */
@Component
class JobWorker {

	private static final Log logger = LogFactory.getLog(JobWorker.class);

	private final Map<String, String> done = new ConcurrentHashMap<>();

	@KafkaListener(topics = "jobs", groupId = "sample-app-workers",
			containerFactory = KafkaShareAutoConfiguration.FACTORY_BEAN_NAME, concurrency = "2")
	void work(Job job) {
		if ("fail".equals(job.task())) {
			throw new IllegalStateException("Job " + job.id() + " cannot be done");
		}
		String worker = Thread.currentThread().getName();
		logger.info("Job " + job.id() + " (" + job.task() + ") done by " + worker);
		this.done.put(job.id(), worker);
	}

	/** The worker thread that did the job, when it is done. */
	Optional<String> doneBy(String id) {
		return Optional.ofNullable(this.done.get(id));
	}

}
