#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

namespace ddalab::monitor {

class MainWindow;
class MonitorSession;

// For the documentation: once the session has been live for `delaySeconds`, saves the window
// as a PNG and quits the application (exit status 1 if it never got live data in time).
class ScreenshotTaker : public QObject
{
    Q_OBJECT
public:
    ScreenshotTaker(MainWindow &window, MonitorSession &session, const QString &file,
                    int delaySeconds);

private:
    void take();

    MainWindow &m_window;
    QString m_file;
    QTimer m_delay;
    QTimer m_giveUp;
};

} // namespace ddalab::monitor
