#include "operations/SystemdNotifier.h"

#include "logging/LogCategories.h"

#ifdef DDALAB_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include <cstring>

namespace ddalab {

using namespace Qt::StringLiterals;

SystemdNotifier::SystemdNotifier(QObject *parent) : QObject(parent)
{
    startWatchdog();
}

bool SystemdNotifier::isSupported()
{
#ifdef DDALAB_HAVE_SYSTEMD
    return true;
#else
    return false;
#endif
}

void SystemdNotifier::ready(const QString &status)
{
    // A status line is one line.
    notify("READY=1\nSTATUS=" + status.simplified().toUtf8());
}

void SystemdNotifier::reloading()
{
    notify("RELOADING=1\nSTATUS=reloading the configuration");
}

void SystemdNotifier::stopping()
{
    notify("STOPPING=1\nSTATUS=finishing open connections");
}

void SystemdNotifier::notify(const QByteArray &state)
{
#ifdef DDALAB_HAVE_SYSTEMD
    const int sent = sd_notify(0, state.constData());
    if (sent < 0)
        qCWarning(lcBroker).noquote()
            << "cannot notify systemd:" << QString::fromLocal8Bit(std::strerror(-sent));
#else
    Q_UNUSED(state);
#endif
}

void SystemdNotifier::startWatchdog()
{
#ifdef DDALAB_HAVE_SYSTEMD
    uint64_t intervalUs = 0;
    if (sd_watchdog_enabled(0, &intervalUs) <= 0 || intervalUs == 0)
        return;
    // Twice per interval, from the event loop: a stuck loop misses it and systemd restarts us.
    m_watchdog.setInterval(std::max<qint64>(1, qint64(intervalUs / 2000)));
    connect(&m_watchdog, &QTimer::timeout, this, [this] { notify("WATCHDOG=1"); });
    m_watchdog.start();
#endif
}

} // namespace ddalab
