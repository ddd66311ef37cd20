#include "DemoLab.h"

#include <QDateTime>

namespace ddalab::demo {

using namespace Qt::StringLiterals;
using namespace protocol;

namespace {

const QStringList kPeople{u"alice.chen"_s, u"bob.martin"_s,   u"carol.diaz"_s, u"dan.okafor"_s,
                          u"eva.novak"_s,  u"farid.haddad"_s, u"grace.kim"_s,  u"hugo.silva"_s,
                          u"ines.weber"_s, u"jonas.berg"_s,   u"kira.sato"_s,  u"liam.walsh"_s};
const QStringList kTitles{u"DDA of EEG session %1"_s,     u"Resting-state delay embedding %1"_s,
                          u"Seizure onset, patient %1"_s, u"Sleep stage N2 spectra %1"_s,
                          u"Motor imagery run %1"_s,      u"Cross-channel DDA, block %1"_s,
                          u"Visual oddball ERP %1"_s,     u"Auditory steady state %1"_s};

} // namespace

DemoLab::DemoLab(const QUrl &url, int users, QObject *parent)
    : QObject(parent), m_url(url), m_random(20251003)
{
    for (int i = 0; i < users; ++i) {
        const QString person = kPeople.at(i % kPeople.size());
        // Some people run DDALAB on two machines.
        const int devices = i % 4 == 0 ? 2 : 1;
        for (int device = 0; device < devices; ++device) {
            auto desktop = std::make_shared<Desktop>();
            desktop->userId = person + u"@neuro.example.edu"_s;
            desktop->endpoint =
                u"http://10.20.%1.%2:3001"_s.arg(i / 200 + 1).arg(10 + i * 2 + device);
            m_desktops.append(desktop);
        }
    }
    connect(&m_ticker, &QTimer::timeout, this, &DemoLab::tick);
}

void DemoLab::start()
{
    for (const auto &desktop : std::as_const(m_desktops))
        connectDesktop(*desktop);
    m_ticker.start(400);
}

void DemoLab::connectDesktop(Desktop &desktop)
{
    desktop.client = std::make_unique<BrokerClient>();
    desktop.client->setUrl(m_url);
    desktop.client->setReconnectDelays(std::chrono::seconds(1), std::chrono::seconds(5));
    desktop.registered = false;
    connect(desktop.client.get(), &BrokerClient::connected, this, [this, &desktop] {
        desktop.client->send(RegisterUser{desktop.userId, desktop.endpoint});
        desktop.registered = true;
        for (int i = 0; i < 1 + int(m_random.bounded(3)); ++i)
            publish(desktop);
    });
    desktop.client->open();
}

DemoLab::Desktop &DemoLab::anyDesktop()
{
    return *m_desktops.at(int(m_random.bounded(qsizetype(m_desktops.size()))));
}

void DemoLab::publish(Desktop &desktop)
{
    ShareMetadata metadata;
    metadata.ownerUserId = desktop.userId;
    metadata.resultId = u"result-%1"_s.arg(++m_published);
    metadata.title = kTitles.at(int(m_random.bounded(qsizetype(kTitles.size())))).arg(m_published);
    metadata.description = u"DDA results shared from the lab"_s;
    metadata.createdAt = QDateTime::currentDateTimeUtc();
    switch (m_random.bounded(4)) {
    case 0:
        metadata.accessPolicy = AccessPolicy::makeTeam(u"neuro-lab"_s);
        break;
    case 1:
        metadata.accessPolicy = AccessPolicy::makeUsers({anyDesktop().userId});
        break;
    default:
        metadata.accessPolicy = AccessPolicy::makePublic();
    }
    QByteArray bytes(16, Qt::Uninitialized);
    m_random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    const QString token = QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    desktop.client->send(PublishShare{token, metadata});
    desktop.tokens.append(token);
}

void DemoLab::tick()
{
    // Heartbeats from a few desktops every tick keep the message rate alive.
    for (int i = 0; i < 3; ++i) {
        Desktop &desktop = anyDesktop();
        if (desktop.registered)
            desktop.client->send(Heartbeat{desktop.userId});
    }
    Desktop &desktop = anyDesktop();
    if (!desktop.client->isConnected())
        return;
    const quint32 roll = m_random.bounded(100);
    if (roll < 12) {
        publish(desktop);
    } else if (roll < 19 && !desktop.tokens.isEmpty()) {
        const qsizetype which = qsizetype(m_random.bounded(quint32(desktop.tokens.size())));
        desktop.client->send(RevokeShare{desktop.tokens.takeAt(which)});
    } else if (roll < 22) {
        // Opening a share; now and then one the policy does not admit.
        const Desktop &owner = anyDesktop();
        if (!owner.tokens.isEmpty())
            desktop.client->send(RequestShare{owner.tokens.first(), desktop.userId});
    } else if (roll < 24) {
        desktop.client->send(Heartbeat{u"somebody.else@neuro.example.edu"_s}); // FORBIDDEN
    } else if (roll < 26) {
        // The laptop lid closes; it comes back a little later.
        desktop.client->close();
        desktop.registered = false;
        QTimer::singleShot(int(3000 + m_random.bounded(8000)), this,
                           [client = desktop.client.get()] { client->open(); });
    }
}

} // namespace ddalab::demo
