#include "operations/BrokerOperations.h"

#include "discovery/MdnsAnnouncer.h"
#include "logging/LogCategories.h"
#include "operations/ConfigReloader.h"
#include "operations/GracefulShutdown.h"
#include "operations/MetricsHttpController.h"
#include "operations/ReadinessHttpController.h"
#include "operations/SystemdNotifier.h"
#include "operations/UnixSignalWatcher.h"
#include "server/BrokerServer.h"
#include "services/InstitutionService.h"

#include <QCoreApplication>
#include <QSysInfo>

#include <csignal>

namespace ddalab {

using namespace Qt::StringLiterals;

BrokerOperations::BrokerOperations(const Config &config, QStringList arguments,
                                   QProcessEnvironment environment, BrokerServer &server,
                                   StorageProbe &probe, QObject *parent)
    : QObject(parent), m_config(config), m_server(server),
      m_reloader(std::make_unique<ConfigReloader>(config, std::move(arguments),
                                                  std::move(environment), server)),
      m_notifier(new SystemdNotifier(this)),
      m_signals(new UnixSignalWatcher({SIGTERM, SIGINT, SIGHUP}, this)),
      m_shutdown(new GracefulShutdown(server, config.operation.shutdownTimeout, this)),
      m_readiness(new ReadinessHttpController(server.http(), probe, server.replication(), this)),
      m_metrics(new MetricsHttpController(server.http(), server.stats(), server.presence(),
                                          server.sessions(), probe, server.replication(), this))
{
    connect(m_signals, &UnixSignalWatcher::received, this, &BrokerOperations::onSignal);
    connect(m_shutdown, &GracefulShutdown::finished, this, [this] {
        qCInfo(lcBroker) << "connections done; closing the storage";
        emit finished();
    });
}

BrokerOperations::~BrokerOperations() = default;

void BrokerOperations::start()
{
    m_notifier->ready(readyStatus());
    if (!m_config.discovery.enabled) {
        qCInfo(lcBroker) << "mDNS announcement off (DISCOVERY=off)";
        return;
    }
    const DiscoveryRecord record = discoveryRecord();
    m_announcedTxt = record.txt;
    m_announcer = std::make_unique<MdnsAnnouncer>(record);
    m_announcer->start();
    // The TXT key institution follows the stored name, renamed without a restart.
    connect(&m_server.institution(), &InstitutionService::changed, this,
            [this](const InstitutionSettings &settings) {
                const DiscoveryRecord record = discoveryRecord();
                if (record.txt != m_announcedTxt) {
                    qCInfo(lcBroker).noquote()
                        << "announcing the institution name" << settings.name << "by mDNS";
                    m_announcer->update(record);
                    m_announcedTxt = record.txt;
                }
            });
}

DiscoveryRecord BrokerOperations::discoveryRecord() const
{
    return DiscoveryRecord::describe(
        m_config, m_server.port(), QCoreApplication::applicationVersion(),
        QSysInfo::machineHostName(), m_server.institution().settings().name);
}

void BrokerOperations::onSignal(int signalNumber)
{
    switch (signalNumber) {
    case SIGHUP:
        if (m_shutdown->isStarted())
            return;
        qCInfo(lcBroker) << "SIGHUP: reloading the configuration";
        m_notifier->reloading();
        m_reloader->reload();
        m_notifier->ready(readyStatus());
        return;
    case SIGTERM:
        shutDown("SIGTERM");
        return;
    case SIGINT:
        shutDown("SIGINT");
        return;
    default:
        return;
    }
}

QString BrokerOperations::readyStatus() const
{
    return u"listening on port %1"_s.arg(m_server.port());
}

void BrokerOperations::shutDown(const char *signalName)
{
    if (m_shutdown->isStarted()) {
        qCInfo(lcBroker) << signalName << "again: already shutting down";
        return;
    }
    qCInfo(lcBroker) << signalName << "received";
    m_notifier->stopping();
    m_readiness->setShuttingDown();
    // Desktops stop finding a broker that is going away.
    if (m_announcer)
        m_announcer->withdraw();
    m_shutdown->start();
}

} // namespace ddalab
