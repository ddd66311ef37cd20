#include "LogOutput.h"

#include "LogContext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>

#include <cstdio>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QString levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return u"debug"_s;
    case QtInfoMsg:
        return u"info"_s;
    case QtWarningMsg:
        return u"warning"_s;
    case QtCriticalMsg:
        return u"critical"_s;
    case QtFatalMsg:
        break;
    }
    return u"fatal"_s;
}

void writeJson(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray line =
        LogOutput::jsonLine(type, context.category, message, LogContext::current(),
                            QDateTime::currentDateTimeUtc()) +
        '\n';
    // The storage and mDNS threads log too: whole lines, one at a time.
    static QMutex mutex;
    QMutexLocker lock(&mutex);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void LogOutput::useTextPattern()
{
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(u"%{time yyyy-MM-ddThh:mm:ss.zzz} %{type} %{category}: %{message}"_s);
}

void LogOutput::install(LogFormat format)
{
    if (format == LogFormat::Json)
        qInstallMessageHandler(writeJson);
    else
        qInstallMessageHandler(nullptr);
}

void LogOutput::applyLoggingRules(const QString &rules)
{
    QString lines = rules;
    lines.replace(u';', u'\n');
    QLoggingCategory::setFilterRules(lines);
}

QByteArray LogOutput::jsonLine(QtMsgType type, const char *category, const QString &message,
                               const LogContext &context, const QDateTime &time)
{
    QJsonObject line{
        {"time"_L1, time.toUTC().toString(Qt::ISODateWithMs)},
        {"level"_L1, levelName(type)},
        {"category"_L1, QString::fromUtf8(category ? category : "default")},
        {"message"_L1, message},
    };
    if (context.connectionId != 0)
        line.insert("connection"_L1, qint64(context.connectionId));
    if (!context.userId.isEmpty())
        line.insert("user"_L1, context.userId);
    return QJsonDocument(line).toJson(QJsonDocument::Compact);
}

} // namespace ddalab
