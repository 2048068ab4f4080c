/** The payloads of the task pipeline's events, one record per event type (see {@link dev.sightline.contracts.EventTypes}). */
package dev.sightline.contracts.task;
