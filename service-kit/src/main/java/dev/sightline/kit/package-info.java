/** Spring and Kafka glue shared by the services. */
package dev.sightline.kit;
