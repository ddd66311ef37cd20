#pragma once

#include "config/Config.h"
#include "discovery/DiscoveryRecord.h"

#include <QObject>
#include <QProcessEnvironment>
#include <QStringList>

#include <memory>

namespace ddalab {

class BrokerServer;
class ConfigReloader;
class GracefulShutdown;
class MdnsAnnouncer;
class MetricsHttpController;
class ReadinessHttpController;
class StorageProbe;
class SystemdNotifier;
class UnixSignalWatcher;

// What makes a listening broker operable in a lab, wired around its BrokerServer: GET /ready
// and GET /metrics, SIGTERM/SIGINT (graceful shutdown) and SIGHUP (reload), systemd's
// notifications and the mDNS announcement.
class BrokerOperations : public QObject
{
    Q_OBJECT
public:
    // arguments and environment as the daemon started, for reloads.
    BrokerOperations(const Config &config, QStringList arguments, QProcessEnvironment environment,
                     BrokerServer &server, StorageProbe &probe, QObject *parent = nullptr);
    ~BrokerOperations() override;

    // Once the server listens: tells systemd the broker is ready and announces it by mDNS.
    void start();

signals:
    // The shutdown has finished: time to leave the event loop.
    void finished();

private:
    void onSignal(int signalNumber);
    void shutDown(const char *signalName);
    // What systemd shows as the service's status while it runs.
    QString readyStatus() const;
    // What the mDNS announcement says now.
    DiscoveryRecord discoveryRecord() const;

    Config m_config;
    BrokerServer &m_server;
    std::unique_ptr<ConfigReloader> m_reloader;
    std::unique_ptr<MdnsAnnouncer> m_announcer;
    QList<std::pair<QByteArray, QByteArray>> m_announcedTxt; // what m_announcer announces
    SystemdNotifier *m_notifier;                             // child
    UnixSignalWatcher *m_signals;                            // child
    GracefulShutdown *m_shutdown;                            // child
    ReadinessHttpController *m_readiness;                    // child
    MetricsHttpController *m_metrics;                        // child
};

} // namespace ddalab
