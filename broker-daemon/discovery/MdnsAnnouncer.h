#pragma once

#include "discovery/DiscoveryRecord.h"

#include <QByteArray>

struct AvahiClient;
struct AvahiEntryGroup;
struct AvahiThreadedPoll;
struct AvahiTimeout;

namespace ddalab {

// Announces the broker on the local network through the system's mDNS responder, avahi-daemon,
// with Avahi's client library. Avahi runs its callbacks on a thread of its own (its threaded
// poll, as Debian ships no Qt binding), so the broker's event loop never waits for D-Bus. With
// no avahi-daemon running it logs one warning and announces once the daemon appears; without a
// D-Bus system bus it logs one warning and gives up. A name taken on the network is replaced
// by avahi's alternative ("... #2").
class MdnsAnnouncer
{
public:
    explicit MdnsAnnouncer(DiscoveryRecord record);
    // Withdraws the announcement.
    ~MdnsAnnouncer();
    MdnsAnnouncer(const MdnsAnnouncer &) = delete;
    MdnsAnnouncer &operator=(const MdnsAnnouncer &) = delete;

    void start();
    // Announces record instead (the institution was renamed): at once when announced, else
    // when the announcement is made.
    void update(DiscoveryRecord record);
    // Takes the service off the network (before shutting down, so desktops stop finding it).
    void withdraw();

private:
    // Avahi's thread, with its lock held.
    static void createClient(AvahiTimeout *timeout, void *self);
    static void clientChanged(AvahiClient *client, int state, void *self);
    static void groupChanged(AvahiEntryGroup *group, int state, void *self);
    void announce(AvahiClient *client);
    void dropGroup();
    void warnOnce(const QString &warning);

    DiscoveryRecord m_record;
    QByteArray m_name; // may change on a collision
    AvahiThreadedPoll *m_poll = nullptr;
    AvahiClient *m_client = nullptr;    // avahi's thread while it runs
    AvahiEntryGroup *m_group = nullptr; // avahi's thread while it runs
    bool m_warned = false;
    bool m_established = false; // written on avahi's thread, read after it stopped
};

} // namespace ddalab
