#pragma once

#include "DaemonProcess.h"
#include "RecordingClient.h"
#include "TestDatabases.h"
#include "protocol/Messages.h"
#include "protocol/Rfc3339.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

// What the monitor suites share: a daemon with an admin token on a fresh database, and the
// messages desktops send.
namespace monitor_test {

using namespace Qt::StringLiterals;

inline const QString kAdminToken = u"monitor-test-admin-token-5b1f0c2e"_s;

inline void addEngineRows()
{
    QTest::addColumn<QString>("engine");
    for (const QString &engine : TestDatabases::engines())
        QTest::newRow(qPrintable(engine)) << engine;
}

// Points the daemon at a fresh database of the engine, with BROKER_ADMIN_TOKEN set and no rate
// limit in the way of tests that publish many shares, and starts it; false with the reason.
inline bool startDaemon(DaemonProcess &daemon, const QString &engine, const QTemporaryDir &dir,
                        QString *error, QString *databaseUrl = nullptr)
{
    if (!dir.isValid()) {
        *error = u"no temporary folder: "_s + dir.errorString();
        return false;
    }
    const QString url = TestDatabases::freshUrl(engine, dir, error);
    if (url.isEmpty()) {
        *error = u"no %1 database for the test: %2"_s.arg(engine, *error);
        return false;
    }
    if (databaseUrl)
        *databaseUrl = url;
    daemon.setEnv(u"DATABASE_URL"_s, url);
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, kAdminToken);
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"100000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"100000"_s);
    return daemon.start(error);
}

// A token as the desktop client makes them: 16 random bytes, unpadded base64url (22 chars).
inline QString newToken()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

inline ddalab::protocol::PublishShare publishShare(const QString &token, const QString &owner,
                                                   const QString &title, const QDateTime &createdAt)
{
    ddalab::ShareMetadata metadata;
    metadata.ownerUserId = owner;
    metadata.resultId = u"result-"_s + token;
    metadata.title = title;
    metadata.description = u"EEG analysis"_s;
    metadata.createdAt = createdAt;
    metadata.accessPolicy = ddalab::AccessPolicy::makePublic();
    return {token, metadata};
}

inline QDateTime at(const char *rfc3339)
{
    return *ddalab::rfc3339::parse(QString::fromLatin1(rfc3339));
}

} // namespace monitor_test

// Starts `daemon` on a fresh database of `engine` in `dir`, or fails the test (never skips).
#define MONITOR_START_DAEMON(daemon, engine, dir)                                                  \
    do {                                                                                           \
        QString monitorStartError;                                                                 \
        if (!monitor_test::startDaemon(daemon, engine, dir, &monitorStartError))                   \
            QFAIL(qPrintable(monitorStartError));                                                  \
    } while (false)
