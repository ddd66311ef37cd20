#include "ScreenshotTaker.h"

#include "MainWindow.h"
#include "MonitorSession.h"

#include <QApplication>
#include <QTextStream>

namespace ddalab::monitor {

ScreenshotTaker::ScreenshotTaker(MainWindow &window, MonitorSession &session, const QString &file,
                                 int delaySeconds)
    : m_window(window), m_file(file)
{
    m_delay.setSingleShot(true);
    m_delay.setInterval(delaySeconds * 1000);
    connect(&m_delay, &QTimer::timeout, this, &ScreenshotTaker::take);
    connect(&session, &MonitorSession::phaseChanged, this, [this](MonitorSession::Phase phase) {
        if (phase == MonitorSession::Phase::Live && !m_delay.isActive())
            m_delay.start();
        else if (phase != MonitorSession::Phase::Live)
            m_delay.stop();
    });
    m_giveUp.setSingleShot(true);
    m_giveUp.setInterval(delaySeconds * 1000 + 60000);
    connect(&m_giveUp, &QTimer::timeout, this, [] {
        QTextStream(stderr) << "ddalab-broker-monitor: no live data for the screenshot\n";
        QApplication::exit(1);
    });
    m_giveUp.start();
}

void ScreenshotTaker::take()
{
    const bool saved = m_window.grab().save(m_file, "PNG");
    QTextStream(saved ? stdout : stderr)
        << (saved ? "saved " : "ddalab-broker-monitor: cannot write ") << m_file << '\n';
    QApplication::exit(saved ? 0 : 1);
}

} // namespace ddalab::monitor
