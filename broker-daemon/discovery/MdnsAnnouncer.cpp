#include "discovery/MdnsAnnouncer.h"

#include "logging/LogCategories.h"

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/thread-watch.h>
#include <avahi-common/timeval.h>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {
QString avahiError(int error)
{
    return QString::fromUtf8(avahi_strerror(error));
}
} // namespace

MdnsAnnouncer::MdnsAnnouncer(DiscoveryRecord record)
    : m_record(std::move(record)), m_name(m_record.name.toUtf8())
{
}

MdnsAnnouncer::~MdnsAnnouncer()
{
    withdraw();
}

void MdnsAnnouncer::start()
{
    if (m_poll)
        return;
    m_poll = avahi_threaded_poll_new();
    if (!m_poll) {
        warnOnce(u"cannot start avahi's event thread"_s);
        return;
    }
    // The client is made on avahi's thread: its first D-Bus calls block until answered.
    const AvahiPoll *api = avahi_threaded_poll_get(m_poll);
    struct timeval now;
    api->timeout_new(api, avahi_elapse_time(&now, 0, 0), &MdnsAnnouncer::createClient, this);
    if (avahi_threaded_poll_start(m_poll) < 0) {
        warnOnce(u"cannot start avahi's event thread"_s);
        avahi_threaded_poll_free(m_poll);
        m_poll = nullptr;
    }
}

void MdnsAnnouncer::update(DiscoveryRecord record)
{
    if (!m_poll) {
        m_record = std::move(record);
        return;
    }
    // m_record and the group are avahi's thread's while it runs: change them under its lock.
    avahi_threaded_poll_lock(m_poll);
    m_record = std::move(record);
    if (m_group && m_client && !avahi_entry_group_is_empty(m_group)) {
        avahi_entry_group_reset(m_group);
        announce(m_client);
    }
    avahi_threaded_poll_unlock(m_poll);
}

void MdnsAnnouncer::withdraw()
{
    if (!m_poll)
        return;
    // Once avahi's thread has stopped, its objects are ours to free; freeing the client frees
    // the entry group, which takes the service off the network.
    avahi_threaded_poll_stop(m_poll);
    m_group = nullptr;
    if (m_client)
        avahi_client_free(m_client);
    m_client = nullptr;
    avahi_threaded_poll_free(m_poll);
    m_poll = nullptr;
    if (std::exchange(m_established, false))
        qCInfo(lcBroker) << "mDNS announcement withdrawn";
}

void MdnsAnnouncer::createClient(AvahiTimeout *timeout, void *self)
{
    auto *announcer = static_cast<MdnsAnnouncer *>(self);
    const AvahiPoll *api = avahi_threaded_poll_get(announcer->m_poll);
    api->timeout_free(timeout);
    int error = 0;
    // NO_FAIL: without avahi-daemon the client waits for it rather than failing.
    announcer->m_client = avahi_client_new(
        api, AVAHI_CLIENT_NO_FAIL,
        [](AvahiClient *client, AvahiClientState state, void *self) {
            clientChanged(client, state, self);
        },
        announcer, &error);
    if (!announcer->m_client)
        announcer->warnOnce(u"no D-Bus system bus to reach avahi-daemon (%1); the broker is not "
                            "announced"_s.arg(avahiError(error)));
}

void MdnsAnnouncer::clientChanged(AvahiClient *client, int state, void *self)
{
    auto *announcer = static_cast<MdnsAnnouncer *>(self);
    switch (state) {
    case AVAHI_CLIENT_S_RUNNING:
        announcer->announce(client);
        break;
    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
        // The host name changes: announce again once the server runs.
        if (announcer->m_group)
            avahi_entry_group_reset(announcer->m_group);
        break;
    case AVAHI_CLIENT_CONNECTING:
        // The daemon is gone (or not there yet); its entry groups went with it.
        announcer->dropGroup();
        announcer->warnOnce(u"no avahi-daemon answers on the D-Bus system bus; the broker is "
                            "announced once it runs"_s);
        break;
    case AVAHI_CLIENT_FAILURE:
        announcer->dropGroup();
        announcer->warnOnce(u"avahi failed: %1; the broker is not announced"_s.arg(
            avahiError(avahi_client_errno(client))));
        break;
    default:
        break;
    }
}

void MdnsAnnouncer::groupChanged(AvahiEntryGroup *group, int state, void *self)
{
    auto *announcer = static_cast<MdnsAnnouncer *>(self);
    switch (state) {
    case AVAHI_ENTRY_GROUP_ESTABLISHED:
        announcer->m_established = true;
        qCInfo(lcBroker).noquote()
            << "announced by mDNS as" << QString::fromUtf8(announcer->m_name) << "("
            << DiscoveryRecord::serviceType << "port" << announcer->m_record.port << ")";
        break;
    case AVAHI_ENTRY_GROUP_COLLISION: {
        char *alternative = avahi_alternative_service_name(announcer->m_name.constData());
        qCWarning(lcBroker).noquote() << "mDNS name" << QString::fromUtf8(announcer->m_name)
                                      << "is taken; trying" << QString::fromUtf8(alternative);
        announcer->m_name = alternative;
        avahi_free(alternative);
        avahi_entry_group_reset(group);
        announcer->announce(avahi_entry_group_get_client(group));
        break;
    }
    case AVAHI_ENTRY_GROUP_FAILURE:
        qCWarning(lcBroker).noquote()
            << "mDNS announcement failed:"
            << avahiError(avahi_client_errno(avahi_entry_group_get_client(group)));
        break;
    default:
        break;
    }
}

void MdnsAnnouncer::announce(AvahiClient *client)
{
    if (!m_group) {
        m_group = avahi_entry_group_new(
            client,
            [](AvahiEntryGroup *group, AvahiEntryGroupState state, void *self) {
                groupChanged(group, state, self);
            },
            this);
        if (!m_group) {
            warnOnce(u"cannot create an mDNS entry group: %1"_s.arg(
                avahiError(avahi_client_errno(client))));
            return;
        }
    }
    if (!avahi_entry_group_is_empty(m_group))
        return;
    AvahiStringList *txt = nullptr;
    for (const auto &[key, value] : m_record.txt)
        txt = avahi_string_list_add_pair_arbitrary(
            txt, key.constData(), reinterpret_cast<const uint8_t *>(value.constData()),
            size_t(value.size()));
    int error = avahi_entry_group_add_service_strlst(
        m_group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, AvahiPublishFlags(0), m_name.constData(),
        DiscoveryRecord::serviceType, nullptr, nullptr, m_record.port, txt);
    avahi_string_list_free(txt);
    if (error == AVAHI_ERR_COLLISION) {
        groupChanged(m_group, AVAHI_ENTRY_GROUP_COLLISION, this);
        return;
    }
    if (error >= 0)
        error = avahi_entry_group_commit(m_group);
    if (error < 0)
        qCWarning(lcBroker).noquote() << "mDNS announcement failed:" << avahiError(error);
}

void MdnsAnnouncer::dropGroup()
{
    if (m_group)
        avahi_entry_group_free(m_group);
    m_group = nullptr;
}

void MdnsAnnouncer::warnOnce(const QString &warning)
{
    if (std::exchange(m_warned, true))
        return;
    qCWarning(lcBroker).noquote() << "mDNS:" << warning;
}

} // namespace ddalab
