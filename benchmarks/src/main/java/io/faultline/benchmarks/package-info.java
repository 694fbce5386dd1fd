/** JMH benchmarks: run {@code benchmarks/run.sh}. */
package io.faultline.benchmarks;
