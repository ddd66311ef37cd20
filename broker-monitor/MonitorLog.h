#pragma once

#include <QLoggingCategory>

// ddalab.monitor: the monitor app's connection and admin actions (never the token).
Q_DECLARE_LOGGING_CATEGORY(lcMonitor)
