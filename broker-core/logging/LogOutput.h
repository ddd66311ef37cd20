#pragma once

#include "LogFormat.h"

#include <QDateTime>
#include <QtGlobal>

namespace ddalab {

struct LogContext;

// Where the process's log lines go and what they look like: Qt's text pattern on standard
// error by default, or one JSON object per line (LOG_FORMAT=json) for log shippers. One
// message handler serves every thread.
class LogOutput
{
public:
    // The text pattern (TIME LEVEL CATEGORY: MESSAGE), unless QT_MESSAGE_PATTERN sets another.
    static void useTextPattern();
    static void install(LogFormat format);
    // Qt logging rules, ';'- or newline-separated as in QT_LOGGING_RULES; replaces the ones
    // applied before.
    static void applyLoggingRules(const QString &rules);

    // One JSON log line (without the newline): time, level, category, message, and connection
    // and user when the context knows them.
    static QByteArray jsonLine(QtMsgType type, const char *category, const QString &message,
                               const LogContext &context, const QDateTime &time);
};

} // namespace ddalab
