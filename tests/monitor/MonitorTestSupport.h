#pragma once

#include "RecordingClient.h"
#include "protocol/Messages.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/TestDatabases.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

// What the monitor suites share: a daemon with an admin token on a fresh database, and the
// messages desktops send as BrokerClient sends them (typed, through the codec: these suites
// test the monitor's side, not the desktop's wire contract).
namespace monitor_test {

extern const QString kAdminToken;

// Points the daemon at a fresh database of the engine, with BROKER_ADMIN_TOKEN set and no rate
// limit in the way of tests that publish many shares, and starts it; false with the reason.
bool startDaemon(DaemonProcess &daemon, const QString &engine, const QTemporaryDir &dir,
                 QString *error, QString *databaseUrl = nullptr);

ddalab::protocol::PublishShare publishShare(const QString &token, const QString &owner,
                                            const QString &title, const QDateTime &createdAt);

// A time written as RFC 3339.
QDateTime at(const char *rfc3339);

} // namespace monitor_test

// Starts `daemon` on a fresh database of `engine` in `dir`, or fails the test (never skips).
#define MONITOR_START_DAEMON(daemon, engine, dir)                                                  \
    do {                                                                                           \
        QString monitorStartError;                                                                 \
        if (!monitor_test::startDaemon(daemon, engine, dir, &monitorStartError))                   \
            QFAIL(qPrintable(monitorStartError));                                                  \
    } while (false)
