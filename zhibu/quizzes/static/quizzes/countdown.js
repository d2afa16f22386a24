// The countdown only helps the member: the server fixed the deadline when the attempt started and refuses a late sheet.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("countdown");
  if (!box) { return; }
  var end = Date.now() + parseInt(box.dataset.remaining, 10) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    box.textContent = "剩余时间 " + Math.floor(left / 60) + "分" + (left % 60) + "秒";
    if (left > 0) { setTimeout(tick, 1000); } else { box.textContent = "答题时间已到"; }
  }
  tick();
});
