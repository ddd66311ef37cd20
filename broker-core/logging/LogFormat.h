#pragma once

namespace ddalab {

// How log lines are written: Qt's text pattern, or one JSON object per line for log shippers.
enum class LogFormat { Text, Json };

} // namespace ddalab
