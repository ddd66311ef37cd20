#pragma once

#include <QObject>
#include <QTimer>

namespace ddalab {

// Tells systemd (Type=notify) what the daemon is doing, through sd_notify from libsystemd:
// READY=1 once it listens, RELOADING=1 during a SIGHUP reload, STOPPING=1 when it shuts down,
// and WATCHDOG=1 from the event loop when the unit sets WatchdogSec=. Outside systemd
// (NOTIFY_SOCKET unset), or when built without libsystemd, every call does nothing.
class SystemdNotifier : public QObject
{
    Q_OBJECT
public:
    explicit SystemdNotifier(QObject *parent = nullptr);

    // Whether this binary was built with libsystemd.
    static bool isSupported();

    void ready(const QString &status);
    void reloading();
    void stopping();

private:
    void notify(const QByteArray &state);
    void startWatchdog();

    QTimer m_watchdog;
};

} // namespace ddalab
