#pragma once

#include "client/BrokerClient.h"

#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace ddalab::demo {

// A made-up lab for screenshots and demonstrations: desktops of a dozen users connect to a
// broker, heartbeat, publish and revoke shares, and now and then leave and come back or send
// something the broker refuses, so that every part of the monitor has something to show.
class DemoLab : public QObject
{
    Q_OBJECT
public:
    DemoLab(const QUrl &url, int users, QObject *parent = nullptr);

    void start();

private:
    struct Desktop
    {
        QString userId;
        QString endpoint;
        std::unique_ptr<BrokerClient> client;
        QStringList tokens; // its shares that are not revoked
        bool registered = false;
    };

    void connectDesktop(Desktop &desktop);
    void tick();
    void publish(Desktop &desktop);
    Desktop &anyDesktop();

    QUrl m_url;
    QList<std::shared_ptr<Desktop>> m_desktops;
    QTimer m_ticker;
    QRandomGenerator m_random;
    int m_published = 0;
};

} // namespace ddalab::demo
