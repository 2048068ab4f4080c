package dev.sightline.cli;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared test platform when the fork's test session ends, before the JVM starts exiting. */
public final class PlatformSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestPlatform.close();
    }
}
